package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code file.write}: writes text under the sandbox folder and nowhere else. Absolute paths, {@code ..} and symbolic
 * links that lead out are refused. The write is atomic (temporary file, then rename), so readers never see half a file.
 */
public class FileWriteTool implements Tool {

    private final Path sandbox;
    private final int maxBytes;

    public FileWriteTool(Path sandbox, int maxBytes) {
        this.sandbox = sandbox.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    @Override
    public String name() {
        return "file.write";
    }

    @Override
    public ToolResult invoke(ToolCall call) throws IOException {
        String relative = call.text("path");
        String content = call.text("content");
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new ToolFailure("content is " + bytes.length + " bytes; file.write allows " + maxBytes);
        }
        Path target = resolveInside(relative);
        Path realRoot = sandbox.toRealPath();
        // Check the deepest folder that exists before creating any, so a link cannot make us create folders outside.
        Path existing = target.getParent();
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing) || !existing.toRealPath().startsWith(realRoot)) {
            throw new ToolFailure("path '" + relative + "' leads out of the sandbox through a symbolic link, or runs through a file");
        }
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().startsWith(realRoot)) {
            throw new ToolFailure("path '" + relative + "' leads out of the sandbox through a symbolic link");
        }
        if (Files.isSymbolicLink(target)) {
            throw new ToolFailure("path '" + relative + "' is a symbolic link; file.write does not follow links");
        }
        try {
            Path temp = Files.createTempFile(target.getParent(), ".write-", ".tmp");
            try {
                Files.write(temp, bytes);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            if (diskFull(e)) { // nothing was written (the move is atomic): wait for room, as for a tool that is down
                throw TransientToolFailure.unavailable("file.write: the disk of the outbox is full (" + e.getMessage()
                        + "); make room there", true, null, e);
            }
            throw e;
        }
        ObjectNode output = Json.MAPPER.createObjectNode();
        String shown = realRoot.relativize(target.getParent().toRealPath().resolve(target.getFileName())).toString();
        output.put("path", shown);
        output.put("bytes", bytes.length);
        output.put("text", "wrote " + bytes.length + " bytes to " + shown);
        return new ToolResult(output, null);
    }

    /** Resolves a caller's path against the sandbox, refusing any path that is absolute or climbs out. */
    private static boolean diskFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left on device") || message.contains("Disk quota exceeded");
    }

    Path resolveInside(String relative) throws IOException {
        Path requested;
        try {
            requested = Path.of(relative);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ToolFailure("path '" + relative.replace("\0", "\\0") + "' is not a valid file name: " + e.getReason());
        }
        if (requested.isAbsolute() || relative.startsWith("~")) {
            throw new ToolFailure("path '" + relative + "' must be relative to the sandbox folder");
        }
        Path target = sandbox.resolve(requested).normalize();
        if (!target.startsWith(sandbox) || target.equals(sandbox)) {
            throw new ToolFailure("path '" + relative + "' leads out of the sandbox folder");
        }
        Files.createDirectories(sandbox);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailure("path '" + relative + "' is a folder");
        }
        return target;
    }
}
