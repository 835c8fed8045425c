package dev.kortana.routes;

import dev.kortana.contracts.ModelRequest;
import java.util.Set;

/**
 * Chooses the provider for a model call. This version knows the offline provider only; ranking by cost, latency
 * and compliance across real providers plugs in here.
 */
public class ModelSelector {

    public static final Set<String> PROVIDERS = Set.of("offline");

    private final String provider;

    public ModelSelector(String provider) {
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("kortana.models.provider=" + provider + " is not available: this version"
                    + " ships the offline provider only. Set kortana.models.provider=offline");
        }
        this.provider = provider;
    }

    public String select(ModelRequest request) {
        return provider;
    }
}
