package dev.kortana.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report beside a refused file is always written, whatever text the problem holds. */
class InboxRejectionsTest {

    @TempDir
    Path inbox;

    @Test
    void writesAReportEvenWhenTheProblemHoldsTextUtf8CannotEncode() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.FILE_NAME, "case.json");
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, ContractViolation.of("/inputs/\uD800", "a lone \uDC00 surrogate", "fix it"));

        new InboxRejections(inbox).write(exchange);

        JsonNode report = Json.MAPPER.readTree(inbox.resolve(".error/case.json.error.json").toFile());
        assertThat(report.path("problems").findValuesAsText("field")).containsExactly("/inputs/?");
        assertThat(report.path("file").asText()).isEqualTo("case.json");
    }
}
