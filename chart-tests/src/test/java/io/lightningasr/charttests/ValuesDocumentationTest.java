package io.lightningasr.charttests;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** values.yaml documents every key, and NOTES.txt shows the API endpoint and the commands that check scaling. */
class ValuesDocumentationTest {

    /** Keys whose children are plain Kubernetes fields (resources, security contexts, label maps). */
    private static final Set<String> KUBERNETES_OBJECTS =
            Set.of("resources", "podSecurityContext", "securityContext", "prometheusPodSelector", "labels");
    private static final Pattern KEY = Pattern.compile("^([A-Za-z0-9_.\\-/\"]+):");

    private record Key(int indent, String name) {
    }

    @Test
    void everyValuesKeyHasCommentAbove() throws IOException {
        List<String> lines = Files.readAllLines(Chart.sourceDir().resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        Deque<Key> parents = new ArrayDeque<>();
        List<Integer> listItems = new ArrayList<>();
        String previous = "";
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            listItems.removeIf(i -> i >= indent);
            while (!parents.isEmpty() && parents.peek().indent() >= indent) {
                parents.pop();
            }
            Matcher key = KEY.matcher(text);
            if (text.startsWith("- ")) {
                listItems.add(indent);
            } else if (key.find()) {
                boolean inKubernetesObject = parents.stream().anyMatch(p -> KUBERNETES_OBJECTS.contains(p.name()));
                if (listItems.isEmpty() && !inKubernetesObject && !previous.startsWith("#")) {
                    undocumented.add((n + 1) + ": " + line);
                }
                parents.push(new Key(indent, key.group(1)));
            }
            previous = text;
        }

        assertEquals(List.of(), undocumented, "values.yaml keys without a comment line above them");
    }

    @Test
    void notesShowEndpointAndScalingChecks() {
        Release release = new Helm(Chart.renderableDir()).install()
                .withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .clientOnly().dryRun().call();
        String notes = release.getOutput();

        assertTrue(notes.contains("http://lightning-asr-api-server.asr.svc.cluster.local:7100"), notes);
        assertTrue(notes.contains("kubectl get --raw \"/apis/custom.metrics.k8s.io/v1beta1/namespaces/asr/pods/*/asr_active_requests\""), notes);
        assertTrue(notes.contains("kubectl -n asr describe hpa lightning-asr\n"), notes);
        assertTrue(notes.contains("kubectl -n asr describe hpa lightning-asr-api-server"), notes);
        assertTrue(notes.contains("helm test lightning-asr -n asr"), notes);
        assertTrue(notes.contains("WARNING: no license key is configured"), notes);
    }
}
