import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Rewrites the class files of a jar that are older than Java 8 (major version 52) as Java 8 class
 * files, with the stack maps a class file of 50 and up carries, computed by the JDK's ClassFile API.
 * The code itself is unchanged, instruction for instruction.
 *
 * <p>Why: picocli 4.7.7 ships Java 5 class files (49), and the JDK's AOT cache (JEP 483) and CDS
 * cannot hold classes older than 50, so each CLI call read, verified and linked its ~170 classes
 * from the jar. Upgraded, they come from the cache like every other class.
 *
 * <p>Run at build time with JDK 25 (the API is final since 24) by the pom, on the copy in
 * {@code target/lib}: {@code java packaging/ClassFileUpgrade.java JAR...}. Rewrites each jar in
 * place (through a temporary file beside it) when one of its classes is older than 52; a jar already
 * upgraded is left alone, so running it again changes nothing. Exits 1 naming the class when one
 * cannot be upgraded (code with jsr/ret, which stack maps cannot describe).
 */
public final class ClassFileUpgrade {
    static final int TARGET_MAJOR = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java ClassFileUpgrade.java JAR...");
            System.exit(2);
        }
        for (String arg : args) {
            Path jar = Path.of(arg);
            try {
                int n = upgrade(jar);
                if (n > 0) {
                    System.out.println("ClassFileUpgrade: " + jar.getFileName() + ": " + n + " classes rewritten as Java 8 class files");
                }
            } catch (IllegalArgumentException e) {
                System.err.println("ClassFileUpgrade: " + jar + ": " + e.getMessage());
                System.exit(1);
            }
        }
    }

    /** Upgrades {@code jar} in place; returns how many classes were rewritten (0: file untouched). */
    static int upgrade(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int rewritten = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             JarFile in = new JarFile(jar.toFile());
             OutputStream file = Files.newOutputStream(tmp);
             JarOutputStream out = new JarOutputStream(file)) {
            // The stack maps' merge points need the common super class of two types: the jar's own
            // classes are read from the jar, the JDK's from the running JDK.
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ConstantPoolSharingOption.NEW_POOL,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(entry)) {
                    bytes = s.readAllBytes();
                }
                if (entry.getName().endsWith(".class")) {
                    ClassModel model = cf.parse(bytes);
                    if (model.majorVersion() < TARGET_MAJOR) {
                        bytes = upgrade(cf, model);
                        rewritten++;
                    }
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime()); // the same bytes for the same input: reproducible
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (rewritten == 0) {
            Files.delete(tmp);
        } else {
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return rewritten;
    }

    private static byte[] upgrade(ClassFile cf, ClassModel model) {
        try {
            // Every method body goes through a code builder (which computes its stack maps); a
            // transform that only passed the bodies on would copy the old Code attributes as they are.
            ClassTransform version = (builder, element) -> {
                if (element instanceof ClassFileVersion) {
                    builder.withVersion(TARGET_MAJOR, 0);
                } else {
                    builder.with(element);
                }
            };
            CodeTransform rebuild = (builder, element) -> builder.with(element);
            return cf.transformClass(model, version.andThen(ClassTransform.transformingMethodBodies(rebuild)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(model.thisClass().asInternalName() + ": " + e.getMessage(), e);
        }
    }
}
