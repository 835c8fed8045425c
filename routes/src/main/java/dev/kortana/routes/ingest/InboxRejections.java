package dev.kortana.routes.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.apache.camel.Exchange;

/** Writes {@code inbox/.error/<name>.error.json} beside a rejected file, saying what is wrong and how to fix it. */
public class InboxRejections {

    private final Path errorFolder;

    public InboxRejections(Path inbox) {
        this.errorFolder = inbox.resolve(".error");
    }

    public void write(Exchange exchange) throws IOException {
        ContractViolation violation = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ContractViolation.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("file", name);
        report.put("rejectedAt", Instant.now().toString());
        report.put("error", violation.getMessage());
        ArrayNode problems = report.putArray("problems");
        violation.problems().forEach(p -> problems.addObject().put("field", p.field()).put("problem", p.problem()).put("fix", p.fix()));
        report.put("hint", "fix the file and drop it into the inbox again");
        Files.createDirectories(errorFolder);
        Path target = errorFolder.resolve(Path.of(name).getFileName() + ".error.json");
        Path temp = Files.createTempFile(errorFolder, ".report-", ".tmp");
        // getBytes, not writeString: text that cannot be encoded becomes '?' instead of failing, which would leave the
        // file in the inbox to be read and refused again on every poll.
        Files.write(temp, (report.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
