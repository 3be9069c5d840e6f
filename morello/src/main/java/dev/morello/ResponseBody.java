package dev.morello;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.BaseStream;

/**
 * A response body, of one of the kinds a handler may answer with, made once when the body is set
 * ({@link Response#body(Object)}), as CherryPy normalizes its body when it is assigned: tools that
 * rewrite bodies (encoding, compression, caching) switch on the kind rather than guess at an
 * object.
 *
 * <pre>{@code
 * switch (response.body()) {
 *     case ResponseBody.Text t -> ...          // encoded at finalize, in the Content-Type's charset
 *     case ResponseBody.Chunks c -> ...        // walked lazily; collected unless streaming is on
 *     default -> ...
 * }
 * }</pre>
 *
 * <p>Closing a body releases what it holds (a stream, an open file, the source of its chunks);
 * the framework closes it once it is sent, replaced by an error page, or dropped.
 */
public sealed interface ResponseBody extends AutoCloseable {
    /** No body: {@code null}, a {@code void} handler, or a response that may not carry one. */
    Empty EMPTY = new Empty();

    /** No body. */
    record Empty() implements ResponseBody {
    }

    /** Bytes sent as they are. */
    record Bytes(byte[] bytes) implements ResponseBody {
    }

    /** Text, encoded when the response is finalized, in the {@code Content-Type}'s charset. */
    record Text(String text) implements ResponseBody {
    }

    /**
     * Part of a file: {@code count} bytes from {@code position}, or the rest of it when
     * {@code count} is negative (a whole {@code Path}). The file is opened ({@code channel}) when
     * the response is finalized, so that a missing file is the request's 404 rather than a
     * failure while sending; until then {@code channel} is null.
     */
    record File(Path path, long position, long count, FileChannel channel) implements ResponseBody {
        /** The same region, opened. */
        public File opened() throws IOException {
            return channel != null ? this : new File(path, position, count, FileChannel.open(path));
        }

        /** The region's bytes as a stream: the one place a part of a file is read as a stream. */
        public InputStream stream() throws IOException {
            InputStream whole;
            if (channel != null) {
                channel.position(position);
                whole = Channels.newInputStream(channel);
            } else {
                whole = Files.newInputStream(path);
                whole.skipNBytes(position);
            }
            return count < 0 ? whole : new BodyStreams.Bounded(whole, count);
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /**
     * A sequence of chunks ({@code String}s or byte arrays; nested sequences for
     * {@code tools.flatten}), produced as they are walked; {@code source}, when not null, is closed
     * with the body.
     */
    record Chunks(Iterator<?> chunks, AutoCloseable source) implements ResponseBody {
        @Override
        public void close() throws IOException {
            if (source == null) {
                return;
            }
            try {
                source.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while closing a body", e);
            } catch (Exception e) {
                throw new IOException("closing a body failed", e);
            }
        }
    }

    /** A stream copied to the client as it is read, then closed. */
    record Stream(InputStream in) implements ResponseBody {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * The body for what a handler returned: see {@link Response} for the kinds. A {@code Path} is
     * a file here, not the {@code Iterable} of its names it also is.
     *
     * @throws IllegalStateException for anything else, naming the type
     */
    static ResponseBody of(Object value) {
        return switch (value) {
            case null -> EMPTY;
            case ResponseBody b -> b;
            case byte[] b -> new Bytes(b);
            case CharSequence s -> new Text(s.toString());
            case InputStream in -> new Stream(in);
            case Path p -> new File(p, 0, -1, null);
            case FileRegion r -> new File(r.path(), r.position(), r.count(), null);
            case Iterable<?> i -> new Chunks(i.iterator(), i instanceof AutoCloseable c ? c : null);
            case BaseStream<?, ?> s -> new Chunks(s.iterator(), s);
            case Iterator<?> it -> new Chunks(it, it instanceof AutoCloseable c ? c : null);
            case Object[] a -> new Chunks(Arrays.asList(a).iterator(), null);
            default -> throw new IllegalStateException("a handler returned a " + value.getClass().getName()
                    + "; return a String, byte[], InputStream, Path, or Iterable/Iterator/Stream of chunks");
        };
    }

    /** Releases what the body holds; nothing for bytes, text or no body. */
    @Override
    default void close() throws IOException {
    }

    /** The body as bytes: text encoded in {@code charset}, chunks joined, a file or stream read whole. */
    default byte[] bytes(Charset charset) throws IOException {
        if (this instanceof Empty) {
            return new byte[0];
        }
        if (this instanceof Bytes b) {
            return b.bytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Iterator<byte[]> it = chunks(charset); it.hasNext(); ) {
            out.write(it.next());
        }
        return out.toByteArray();
    }

    /**
     * The body as byte chunks, without collecting it: text encoded in {@code charset}, chunks
     * walked lazily, a file or stream read 64 KiB at a time (and closed at its
     * end).
     */
    default Iterator<byte[]> chunks(Charset charset) throws IOException {
        return switch (this) {
            case Empty e -> Collections.emptyIterator();
            case Bytes b -> List.of(b.bytes()).iterator();
            case Text t -> List.of(t.text().getBytes(charset)).iterator();
            case File f -> BodyStreams.pieces(f.stream());
            case Stream s -> BodyStreams.pieces(s.in());
            case Chunks c -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return c.chunks().hasNext();
                }

                @Override
                public byte[] next() {
                    return BodyStreams.chunk(c.chunks().next(), charset);
                }
            };
        };
    }
}
