package dev.tophash.bench.ab;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * A class loader that gives one build of tophash its own copy of the engine, the codecs and the
 * A/B workload, so that two builds run side by side in one JVM. Classes of
 * {@code dev.tophash.engine}, {@code dev.tophash.codecs} and {@link LongLongWorkload} are defined
 * here, child first: from the given jars or class folders, or, with none given, from the
 * running program's own copy. Everything else (the JDK, Agrona, hashing) comes from the parent,
 * shared by both builds.
 */
final class EngineLoader extends ClassLoader {
    private final URLClassLoader build;

    /**
     * @param name what the build is called in reports
     * @param paths the engine's and codecs' jars or class folders; empty for the running program's own
     * @param parent where every other class comes from
     */
    EngineLoader(String name, List<Path> paths, ClassLoader parent) {
        super(name, parent);
        URL[] urls = paths.stream().map(EngineLoader::url).toArray(URL[]::new);
        this.build = urls.length == 0 ? null : new URLClassLoader(urls, null);
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a usable path: " + p, e);
        }
    }

    private static boolean ownCopy(String name) {
        return name.startsWith("dev.tophash.engine.") || name.startsWith("dev.tophash.codecs.")
            || name.startsWith(LongLongWorkload.class.getName());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!ownCopy(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        boolean workload = name.startsWith(LongLongWorkload.class.getName());
        ClassLoader source = workload || build == null ? getParent() : build;
        try (InputStream in = source.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name + " is not in " + (source == build ? "the given build" : "this program"));
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException("could not read " + resource, e);
        }
    }
}
