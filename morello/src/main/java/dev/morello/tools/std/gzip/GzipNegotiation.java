package dev.morello.tools.std.gzip;

import dev.morello.HeaderElement;
import java.util.List;
import java.util.Locale;

/**
 * Which content coding to send, from the request's {@code Accept-Encoding} (RFC 9110 §12.5.3):
 * a pure function of the parsed field and the codings on offer.
 */
final class GzipNegotiation {
    private GzipNegotiation() {
    }

    /** The outcome: a coding, or none (send identity), or nothing acceptable (406). */
    record Choice(GzipCoding coding, boolean refused) {
        static final Choice IDENTITY = new Choice(null, false);
        static final Choice NOT_ACCEPTABLE = new Choice(null, true);
    }

    /**
     * Chooses among the codings on offer (in the server's order of preference), for the
     * {@code Accept-Encoding} elements sorted best q first (ties in the order sent):
     * <ul>
     * <li>a coding's q is its own (gzip's also {@code x-gzip}'s; an explicit q=0 on either refuses
     *     it), else that of {@code *}, else 0;
     * <li>the best coding is the one with the highest q > 0, a tie going to the one the client listed
     *     first, then to the server's order;
     * <li>identity is sent instead when the client gives it a q > 0 that is higher than that
     *     coding's, or the same q and a name that sorts after the one the client used for the coding
     *     ({@code identity} after {@code gzip} and {@code deflate}, before {@code x-gzip}). That is
     *     CherryPy's reading: it sorts the elements by q and then by their text, highest first, and
     *     the first of identity and gzip wins, wherever each was listed;
     * <li>with no acceptable coding, identity is sent unless it is refused ({@code identity;q=0}, or
     *     {@code *;q=0} with no entry for identity), and then nothing is acceptable.
     * </ul>
     */
    static Choice choose(List<HeaderElement> elements, List<GzipCoding> offered) {
        int n = offered.size();
        double[] q = new double[n];
        int[] pos = new int[n];
        String[] named = new String[n];
        boolean[] zero = new boolean[n];
        java.util.Arrays.fill(q, -1);
        double starQ = -1;
        int starPos = -1;
        double identityQ = -1;
        for (int i = 0; i < elements.size(); i++) {
            HeaderElement e = elements.get(i);
            String token = e.value().toLowerCase(Locale.ROOT);
            double eq = e.qvalue();
            if (token.equals("*")) {
                if (starQ < 0) {
                    starQ = eq;
                    starPos = i;
                }
            } else if (token.equals("identity")) {
                if (identityQ < 0) {
                    identityQ = eq;
                }
            } else {
                for (int k = 0; k < n; k++) {
                    if (offered.get(k).named(token)) {
                        zero[k] |= eq <= 0;
                        if (q[k] < 0) {
                            q[k] = eq;
                            pos[k] = i;
                            named[k] = token;
                        } else if (q[k] == eq && token.compareTo(named[k]) > 0) {
                            named[k] = token; // gzip and x-gzip at one q: CherryPy meets x-gzip first
                        }
                    }
                }
            }
        }
        int best = -1;
        for (int k = 0; k < n; k++) {
            if (zero[k]) {
                q[k] = 0;
            } else if (q[k] < 0 && starQ >= 0) {
                q[k] = starQ;
                pos[k] = starPos;
                named[k] = "*";
            }
            if (q[k] > 0 && (best < 0 || q[k] > q[best] || (q[k] == q[best] && pos[k] < pos[best]))) {
                best = k;
            }
        }
        if (best >= 0) {
            if (identityQ > 0 && (identityQ > q[best] || identityQ == q[best] && "identity".compareTo(named[best]) > 0)) {
                return Choice.IDENTITY;
            }
            return new Choice(offered.get(best), false);
        }
        boolean identityRefused = identityQ >= 0 ? identityQ <= 0 : starQ == 0;
        return identityRefused ? Choice.NOT_ACCEPTABLE : Choice.IDENTITY;
    }
}
