package io.lightningasr.charttests;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `helm lint` through helm-java, and how Helm treats the absent optional dependencies. */
class LintTest {

    @Test
    void lintIsClean() {
        LintResult result = Chart.lint(Chart.renderableDir());

        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
        List<String> problems = result.getMessages().stream()
                .filter(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"))
                .toList();
        assertEquals(List.of(), problems);
    }

    @Test
    void strictLintPasses() {
        LintResult result = new Helm(Chart.renderableDir()).lint().strict().call();

        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void lintWithoutDependenciesOnlyWarns() {
        LintResult result = Chart.lint(Chart.sourceDir());

        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
        assertTrue(result.getMessages().stream().anyMatch(m -> m.startsWith("[WARNING]")
                        && m.contains("missing these dependencies: kube-prometheus-stack,prometheus-adapter")),
                String.join("\n", result.getMessages()));
    }

    @Test
    void templateWithoutDependenciesFails() {
        // Helm checks that every dependency in Chart.yaml is under charts/ before it evaluates the
        // conditions, so `helm dependency update` is needed before install even with both disabled.
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new Helm(Chart.sourceDir()).template().withName(Chart.RELEASE).call());

        assertTrue(error.getMessage().contains("missing in charts/ directory: kube-prometheus-stack, prometheus-adapter"),
                error.getMessage());
    }
}
