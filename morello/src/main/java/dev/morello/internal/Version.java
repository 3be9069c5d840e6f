package dev.morello.internal;

/** Morello's version, where the server's name and the error pages read it ({@code Morello.VERSION}). */
public final class Version {
    /** The release number. */
    public static final String NUMBER = "0.1.0";

    private Version() {
    }
}
