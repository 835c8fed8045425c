package dev.kortana.routes.wiring;

import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.prompts.PromptBook;
import dev.kortana.processors.prompts.PromptReviews;
import dev.kortana.processors.prompts.ShippedPrompts;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.PromptStatistics;
import dev.kortana.processors.store.PromptStore;
import dev.kortana.processors.store.WriteBehind;
import dev.kortana.routes.Settings;
import dev.kortana.routes.api.PromptsApi;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prompt versions: seeds the shipped prompts, reads the live versions, and binds the book, the reviews and their API. */
final class PromptWiring {

    private static final Logger LOG = LoggerFactory.getLogger(PromptWiring.class);

    /** What the rest of the wiring needs: the outcome statistics (task finisher), the book (stages), the API (approvals). */
    record Prompts(PromptStatistics statistics, PromptBook book, PromptsApi api) {}

    private PromptWiring() {}

    static Prompts start(CamelContext context, Database db, AuditTrail audit) {
        WriteBehind behind = context.getRegistry().lookupByNameAndType(KortanaConfiguration.WRITE_BEHIND, WriteBehind.class);
        PromptStore store = new PromptStore(db, behind);
        Map<String, String> shipped = new LinkedHashMap<>();
        ShippedPrompts.NAMES.forEach(name -> shipped.put(name, ShippedPrompts.text(name)));
        var released = store.seed(shipped);
        PromptBook book = new PromptBook(store);
        PromptReviews reviews = new PromptReviews(store, book, audit, settings(context.getPropertiesComponent()));
        reviews.proposedByRelease(released);
        if (!released.isEmpty()) {
            LOG.warn("This release ships new prompt texts; they wait for a decision (GET /api/approvals): {}",
                    released.stream().map(v -> v.approvalId()).toList());
        }
        PromptsApi api = new PromptsApi(reviews);
        context.getRegistry().bind("promptBook", book);
        context.getRegistry().bind("promptReviews", reviews);
        context.getRegistry().bind("promptsApi", api);
        return new Prompts(new PromptStatistics(behind), book, api);
    }

    private static PromptReviews.Settings settings(PropertiesComponent p) {
        String threshold = p.resolveProperty("kortana.prompts.rules.threshold").map(String::trim).orElse("0.3");
        try {
            return new PromptReviews.Settings((int) Settings.number(p, "kortana.prompts.max-pending", "5"),
                    (int) Settings.number(p, "kortana.prompts.max-text-chars", "8000"),
                    (int) Settings.number(p, "kortana.prompts.rules.window", "20"), Double.parseDouble(threshold));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kortana.prompts.rules.threshold = " + threshold
                    + " is not a number; write a share from 0 to 1, e.g. 0.3", e);
        }
    }
}
