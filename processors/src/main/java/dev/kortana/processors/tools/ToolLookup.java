package dev.kortana.processors.tools;

import java.util.List;
import java.util.Optional;

/** The tools known right now: the file's, and (for a {@link ToolRegistry}) those registered at run time. */
public interface ToolLookup {

    Optional<ToolSpec> find(String name);

    List<ToolSpec> all();

    default List<String> names() {
        return all().stream().map(ToolSpec::name).toList();
    }
}
