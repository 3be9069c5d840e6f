package dev.morello.internal.config;

/**
 * An application to mount, as {@code tree.NAME = cherrypy.Application(root, "/path", "app.conf")}
 * writes it in a config file: the root object, its mount point and its config (a file name, a
 * path, or a map of sections; may be null).
 */
public record MountSpec(Object root, String scriptName, Object config) {
}
