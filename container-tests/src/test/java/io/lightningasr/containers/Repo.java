package io.lightningasr.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Paths in the project checkout and facts read from its POMs. */
final class Repo {

    private Repo() {
    }

    /** Returns the repository root, from the {@code repo.root} system property that the POM sets. */
    static Path root() {
        String configured = System.getProperty("repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    static Path localMavenRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * Returns the {@code build/finalName} a module's jar gets: the first one declared in the module's POM or
     * its parents (sibling POMs by relative path, others from the local Maven repository), as written.
     */
    static Optional<String> finalName(Path pom) throws IOException {
        Path current = pom;
        while (current != null && Files.isRegularFile(current)) {
            Element project = read(current);
            Optional<String> declared = childText(child(project, "build"), "finalName");
            if (declared.isPresent()) {
                return declared;
            }
            current = parentPom(current, project);
        }
        return Optional.empty();
    }

    static String artifactId(Path pom) throws IOException {
        return childText(read(pom), "artifactId")
                .orElseThrow(() -> new IllegalStateException(pom + " declares no artifactId"));
    }

    private static Path parentPom(Path pom, Element project) {
        Element parent = child(project, "parent");
        if (parent == null) {
            return null;
        }
        String relativePath = childText(parent, "relativePath").orElse("../pom.xml");
        if (!relativePath.isBlank()) {
            Path sibling = pom.getParent().resolve(relativePath).normalize();
            Path candidate = Files.isDirectory(sibling) ? sibling.resolve("pom.xml") : sibling;
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String groupId = childText(parent, "groupId").orElseThrow();
        String artifactId = childText(parent, "artifactId").orElseThrow();
        String version = childText(parent, "version").orElseThrow();
        return localMavenRepository()
                .resolve(groupId.replace('.', '/'))
                .resolve(artifactId)
                .resolve(version)
                .resolve(artifactId + "-" + version + ".pom");
    }

    private static Element read(Path pom) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            return document.getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("invalid POM " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element element, String name) {
        if (element == null) {
            return null;
        }
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(name)) {
                return child;
            }
        }
        return null;
    }

    private static Optional<String> childText(Element element, String name) {
        Element child = child(element, name);
        return child == null ? Optional.empty() : Optional.of(child.getTextContent().strip());
    }
}
