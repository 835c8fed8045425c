package dev.kortana.routes.pipeline;

import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.policy.PolicySource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads policies.yaml on a timer when the file changed. A good file takes effect for the next decision and is
 * audited with its version; a bad one leaves the policy in force, and the log and the audit say what is wrong.
 */
public class PolicyReloads {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyReloads.class);

    private final PolicySource policies;
    private final AuditTrail audit;

    public PolicyReloads(PolicySource policies, AuditTrail audit) {
        this.policies = policies;
        this.audit = audit;
    }

    public void reload() {
        if (policies.file() == null) {
            return;
        }
        String before = policies.current().version();
        PolicySource.ReloadResult result = policies.reloadIfChanged();
        if (!result.changed()) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("file", policies.file().toString());
        detail.put("accepted", result.accepted());
        detail.put("from", before);
        detail.put("version", result.version());
        if (result.accepted()) {
            LOG.info("Policies reloaded from {}: version {} replaces {}", policies.file(), result.version(), before);
        } else {
            detail.put("problems", result.problems());
            LOG.error("Policies in {} were NOT reloaded, version {} stays in force: {}", policies.file(), before,
                    String.join("; ", result.problems()));
        }
        audit.append("policy-reload", null, "policy", detail);
    }
}
