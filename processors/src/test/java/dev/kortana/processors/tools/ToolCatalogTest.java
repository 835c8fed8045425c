package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCatalogTest {

    @Test
    void loadsTheShippedCatalogInFileOrder() {
        ToolCatalog catalog = ShippedCatalog.load();

        assertThat(catalog.names()).containsExactly("memory.search", "http.request", "text.summarize", "file.write");
        assertThat(catalog.find("http.request")).hasValueSatisfying(t -> {
            assertThat(t.kind()).isEqualTo("http");
            assertThat(t.requires()).isEqualTo("url");
            assertThat(t.planArgs()).containsEntry("url", "{{url}}");
        });
        assertThat(catalog.find("no.such")).isEmpty();
    }

    @Test
    void rejectsAToolDeclaredTwice() {
        ToolSpec spec = new ToolSpec("a.b", "model", "d", null, null, null, null, null, true);

        assertThatThrownBy(() -> new ToolCatalog(List.of(spec, spec)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.b");
    }

    @Test
    void rejectsAnEmptyCatalogNamingTheOrigin() {
        assertThatThrownBy(() -> load("tools: []\n", "empty.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("empty.yaml:");
    }

    @Test
    void rejectsUnknownPropertiesNamingTheOrigin() {
        assertThatThrownBy(() -> load("tools:\n  - name: a\n    kind: model\n    description: d\n    colour: red\n", "bad.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad.yaml:")
                .hasMessageContaining("colour");
    }

    @Test
    void rejectsAnUnknownPhase() {
        assertThatThrownBy(() -> new ToolSpec("a.b", "model", "d", null, "later", null, null, null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("later");
    }

    @Test
    void defaultsPhaseToTransform() {
        ToolSpec spec = new ToolSpec("a.b", "model", "d", null, null, null, null, null, true);

        assertThat(spec.phase()).isEqualTo("transform");
        assertThat(spec.phaseOrder()).isEqualTo(1);
    }

    private static ToolCatalog load(String yaml, String origin) {
        return ToolCatalog.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), origin);
    }
}
