package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The objects of one `helm template` run, looked up by kind and name. */
record Rendered(String manifest, List<ObjectNode> objects) {

    Rendered(String manifest) {
        this(manifest, Chart.documents(manifest));
    }

    Optional<ObjectNode> find(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    /** Returns the object of that kind and name, or fails the test listing what was rendered. */
    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(
                "no " + kind + " named " + name + " rendered; rendered: " + summary()));
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    String summary() {
        return objects.stream()
                .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
                .collect(Collectors.joining(", "));
    }

    /** Value of an environment variable of the first container of a Deployment, if set. */
    Optional<String> env(String deployment, String variable) {
        for (JsonNode e : get("Deployment", deployment).at("/spec/template/spec/containers/0/env")) {
            if (variable.equals(e.path("name").asText())) {
                return Optional.of(e.path("value").asText());
            }
        }
        return Optional.empty();
    }
}
