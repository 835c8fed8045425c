package dev.kortana.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.routes.api.ApiFallback.Served;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiFallbackTest {

    private static final List<Served> API = List.of(new Served("GET", "/api/tasks"), new Served("POST", "/api/tasks"),
            new Served("GET", "/api/tasks/{id}"), new Served("POST", "/api/tasks/{taskId}/cancel"));

    @Test
    void aPathTheApiServesUnderOtherMethodsYieldsThoseMethods() {
        assertThat(ApiFallback.allowedMethods(API, "/api/tasks")).containsExactly("GET", "POST");
        assertThat(ApiFallback.allowedMethods(API, "/api/tasks/")).containsExactly("GET", "POST");
        assertThat(ApiFallback.allowedMethods(API, "/api/tasks/t-1")).containsExactly("GET");
        assertThat(ApiFallback.allowedMethods(API, "/api/tasks/t-1/cancel")).containsExactly("POST");
    }

    @Test
    void aPathNoTemplateMatchesYieldsNothing() {
        assertThat(ApiFallback.allowedMethods(API, "/api/nope")).isEmpty();
        assertThat(ApiFallback.allowedMethods(API, "/api/tasks/x/y")).isEmpty();
        assertThat(ApiFallback.allowedMethods(API, "/api/tasks//cancel")).as("a placeholder is never empty").isEmpty();
        assertThat(ApiFallback.allowedMethods(API, "/api")).isEmpty();
    }
}
