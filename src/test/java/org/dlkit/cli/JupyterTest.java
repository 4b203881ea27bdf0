package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JupyterTest {

    @Test
    void nonRootUsersAreToldTheExactCommandAndTheCondaAlternative() {
        String m = Jupyter.missingMessage(false);
        assertTrue(
                m.contains(
                        "sudo apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client"),
                m);
        assertTrue(m.contains("conda env create -f environment.yml"), m);
        assertFalse(Jupyter.missingMessage(true).contains("sudo"));
    }

    @Test
    void theInterpreterComesFromTheShebang(@TempDir Path dir) throws Exception {
        Path direct = dir.resolve("jupyter");
        Files.writeString(direct, "#!/opt/conda/envs/dlkit/bin/python3.11\nimport sys\n");
        assertEquals(
                Path.of("/opt/conda/envs/dlkit/bin/python3.11"), Jupyter.interpreterOf(direct));

        Path env = dir.resolve("jupyter-env");
        Files.writeString(env, "#!/usr/bin/env sh\n");
        assertEquals(Path.of("/bin/sh").getFileName(), Jupyter.interpreterOf(env).getFileName());
    }

    @Test
    void aSlowModuleCheckIsAnErrorNotAMissingJupyter(@TempDir Path dir) throws Exception {
        Path missing = script(dir, "missing", "echo 'No module named nbclient' >&2; exit 1");
        Path present = script(dir, "present", "exit 0");
        Path slow = script(dir, "slow", "sleep 30");
        assertFalse(Jupyter.modulesPresent(missing, 20), "a module missing: not present");
        assertTrue(Jupyter.modulesPresent(present, 20));
        var e = assertThrows(KitException.class, () -> Jupyter.modulesPresent(slow, 1));
        assertTrue(e.getMessage().contains("took more than 1 s"), e.getMessage());
        assertTrue(e.getMessage().contains("busy"), e.getMessage());
    }

    private static Path script(Path dir, String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        assertTrue(p.toFile().setExecutable(true));
        return p;
    }
}
