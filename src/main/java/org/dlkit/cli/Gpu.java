package org.dlkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlkit.data.Programs;

/**
 * Whether this machine can run ND4J's CUDA backend: the NVIDIA driver's libcuda.so.1 must be there.
 */
final class Gpu {
    private Gpu() {}

    static boolean driverPresent() {
        if (Programs.onPath("nvidia-smi").isPresent()) return true;
        for (String dir :
                new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib"}) {
            if (Files.exists(Path.of(dir, "libcuda.so.1"))) return true;
        }
        var ldconfig = Programs.capture("/sbin/ldconfig", "-p");
        return ldconfig.stdout().contains("libcuda.so.1");
    }
}
