package org.dlkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Reading notebooks (.ipynb JSON) in tests: code cells, their tags, outputs and text. */
final class LessonFiles {
    private LessonFiles() {}

    static Path root() {
        String home = System.getProperty("dlkit.home");
        return Path.of(home != null ? home : System.getProperty("user.dir")).toAbsolutePath();
    }

    static JsonNode read(Path notebook) {
        try {
            return new ObjectMapper().readTree(notebook.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + notebook, e);
        }
    }

    /** The code cells in order (cell n of a message is index n − 1 here). */
    static List<JsonNode> codeCells(JsonNode nb) {
        return Exercises.codeCells(nb);
    }

    static boolean tagged(JsonNode cell, String tag) {
        for (JsonNode t : cell.path("metadata").path("tags"))
            if (t.asText().equals(tag)) return true;
        return false;
    }

    static String text(JsonNode multiline) {
        return Exercises.text(multiline);
    }
}
