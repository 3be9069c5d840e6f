package dev.morello.engine;

/**
 * A listener's refusal to let the bus go on, for a reason the operator can act on from the
 * message alone: a port already in use, a log file that cannot be opened for writing.
 *
 * <pre>{@code
 * bus.subscribe(Bus.START, args -> {
 *     if (!writable(file)) {
 *         throw new Refusal("log.error_file: cannot open " + file + " for writing: permission denied");
 *     }
 * }, 40);
 * }</pre>
 *
 * <p>Unlike any other failure, a refusal stops the publication: the listeners after it do not
 * run (a server is not started after its log file was refused, nor privileges dropped after its
 * port was). The bus logs its message as one line at ERROR, without a stack trace, since the
 * stack says nothing the message does not. It then reaches the caller inside
 * {@link ChannelFailures}, as other failures do.
 */
public class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Refusal(String message) {
        super(message);
    }

    public Refusal(String message, Throwable cause) {
        super(message, cause);
    }
}
