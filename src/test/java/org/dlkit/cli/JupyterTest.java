package org.dlkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
