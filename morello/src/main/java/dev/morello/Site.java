package dev.morello;

import dev.morello.config.GlobalConfig;
import dev.morello.engine.Bus;
import dev.morello.internal.Logs;

/**
 * What the tree and its applications share with the site they belong to, handed to them when
 * the site is made: the engine, the site config and the site's logs.
 */
record Site(Bus engine, GlobalConfig config, Logs logs) {
}
