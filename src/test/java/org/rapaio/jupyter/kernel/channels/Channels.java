package org.rapaio.jupyter.kernel.channels;

/**
 * A stand-in for rapaio-jupyter-kernel's Channels: set connected once every handler is in place.
 */
final class Channels {
    volatile boolean isConnected;
}
