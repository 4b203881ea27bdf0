package org.dlkit.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlkit.data.DataFiles;

/** Folders the kit writes into, made if missing, with one plain line when that cannot be done. */
final class Folders {
    private Folders() {}

    /**
     * Makes dir (and its parents) unless it exists, and checks that it can be written in; what is
     * "the folder for the students' copies" and goes first in the message.
     */
    static Path writable(String what, Path dir) {
        String cannot = "cannot use " + dir + " as " + what + ": ";
        var inTheWay = DataFiles.fileInTheWay(dir);
        if (inTheWay.isPresent())
            throw new KitException(cannot + inTheWay.get() + " is a file, not a folder", 2);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(Files.createTempFile(dir, ".dlkit-write-test", ".tmp"));
        } catch (IOException e) {
            throw new KitException(cannot + reason(e), 2);
        }
        return dir;
    }

    /** "no permission to write in /x", "/x is on a read-only file system", or the message. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) return "no permission to write in " + a.getFile();
        if (e instanceof FileSystemException f && f.getReason() != null)
            return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
