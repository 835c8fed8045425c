package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile's instructions with their arguments, continuation lines joined and comments left out. */
record DockerfileFacts(List<String[]> instructions) {

    static DockerfileFacts read(Path file) throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (line.trim().startsWith("#")) {
                continue;
            }
            current.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!line.endsWith("\\") && !current.toString().isBlank()) {
                String[] parts = current.toString().trim().split("\\s+", 2);
                instructions.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1].trim() : ""});
                current.setLength(0);
            }
        }
        return new DockerfileFacts(instructions);
    }

    /** The arguments of every instruction of this name, in order. */
    List<String> arguments(String instruction) {
        return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
    }

    /** The user the image runs as: the last USER. */
    String user() {
        List<String> users = arguments("USER");
        assertThat(users).as("a USER instruction").isNotEmpty();
        return users.get(users.size() - 1);
    }

    /** The JVM options the image sets in JDK_JAVA_OPTIONS. */
    List<String> jvmOptions() {
        Matcher m = Pattern.compile("JDK_JAVA_OPTIONS=\"([^\"]+)\"").matcher(String.join("\n", arguments("ENV")));
        assertThat(m.find()).as("ENV JDK_JAVA_OPTIONS in the Dockerfile").isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }
}
