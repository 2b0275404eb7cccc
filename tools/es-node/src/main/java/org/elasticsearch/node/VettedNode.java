package org.elasticsearch.node;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginDescriptor;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Elasticsearch for tests, benchmarks and local use, run from the
 * official Maven Central artifacts (the server jar and the transport-netty4 plugin).
 *
 * <pre>
 * java -cp es-node.jar:lib/* org.elasticsearch.node.VettedNode \
 *     --home DIR [--port 0] [--port-file FILE] [--cluster NAME] [--log-level WARN]
 *     [--node-name NAME] [--transport-port 0] [--language-analyzers true]
 *     [--seed-hosts 127.0.0.1:9300,127.0.0.1:9301 --initial-master-nodes es-1,es-2]
 * </pre>
 *
 * It binds HTTP and transport to 127.0.0.1 only (port 0 picks a free one), keeps its data
 * under {@code --home}, prints {@code es-node ready port=N} and writes the port to
 * {@code --port-file} once it answers, and closes cleanly on SIGTERM, removing the file.
 *
 * Alone it is a single-node cluster. Given {@code --seed-hosts} (the transport addresses
 * of the other nodes) it joins them, and the first time the cluster forms the nodes
 * named by {@code --initial-master-nodes} elect its master. Nodes talk to each other over
 * the same Netty plugin's transport.
 *
 * It offers the "english" and "russian" analyzers ({@link LanguageAnalyzers}) unless
 * {@code --language-analyzers false}: then it is a node without them, whose mapping
 * falls back to the `standard` analyzer.
 *
 * The class sits in Elasticsearch's own package because the hook that chooses a node's
 * plugins ({@link NodeServiceProvider}) is package-private. The distribution loads plugins
 * from a folder; here the plugins come from the classpath, the way Elasticsearch's test
 * framework does it: HTTP and transport over Netty, and our language analyzers. The other
 * modules of the distribution (painless among them) are not published on Maven Central,
 * so this node lacks them: the search code copes with that.
 */
public final class VettedNode extends Node {
    private static final String NETTY_DESCRIPTOR =
        "/META-INF/es-plugins/transport-netty4/plugin-descriptor.properties";
    private static final String LANGUAGES_DESCRIPTOR =
        "/META-INF/es-plugins/vetted-languages/plugin-descriptor.properties";

    private VettedNode(Environment environment, boolean languageAnalyzers) {
        super(NodeConstruction.prepareConstruction(
            environment,
            // No plugin folders, and no module-layer exports: everything runs from the classpath.
            PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false),
            new NodeServiceProvider() {
                @Override
                PluginsService newPluginService(Environment env, PluginsLoader loader) {
                    return classpathPlugins(env.settings(), env.configDir(), loader,
                                            languageAnalyzers);
                }
            },
            true));
    }

    /** A plugin service holding the Netty plugin and, when asked, the language analyzers,
     * loaded from the classpath. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static PluginsService classpathPlugins(Settings settings, Path configDir,
                                                   PluginsLoader loader,
                                                   boolean languageAnalyzers) {
        final List loaded = new java.util.ArrayList();
        loaded.add(loadedPlugin(NETTY_DESCRIPTOR, new Netty4Plugin()));
        if (languageAnalyzers) {
            loaded.add(loadedPlugin(LANGUAGES_DESCRIPTOR, new LanguageAnalyzers()));
        }
        return new PluginsService(settings, configDir, loader) {
            @Override
            protected List plugins() {
                return loaded;
            }
        };
    }

    /** A plugin as the plugin service holds it, with the descriptor at {@code resource}. */
    private static Object loadedPlugin(String resource, Plugin plugin) {
        try (InputStream in = VettedNode.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            PluginDescriptor descriptor = PluginDescriptor.readInternalDescriptorFromStream(in);
            // PluginsService.LoadedPlugin is a package-private record of another package.
            Class<?> record = Class.forName(PluginsService.class.getName() + "$LoadedPlugin");
            Constructor<?> make = record.getDeclaredConstructor(
                PluginDescriptor.class, Plugin.class, ClassLoader.class);
            make.setAccessible(true);
            return make.newInstance(descriptor, plugin, VettedNode.class.getClassLoader());
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the plugin of " + resource, e);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path home = Path.of(require(options, "--home")).toAbsolutePath();
        String port = options.getOrDefault("--port", "0");
        Path portFile = options.containsKey("--port-file")
            ? Path.of(options.get("--port-file")).toAbsolutePath() : null;
        String nodeName = options.getOrDefault("--node-name", "vetted-es");
        Files.createDirectories(home);

        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("cluster.name", options.getOrDefault("--cluster", "vetted"))
            .put("node.name", nodeName)
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", options.getOrDefault("--transport-port", "0"))
            // A developer's nearly full disk must not turn the test node read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("logger.level", options.getOrDefault("--log-level", "WARN"));
        if (options.containsKey("--seed-hosts")) {
            builder.putList("discovery.seed_hosts", list(options.get("--seed-hosts")))
                .putList("cluster.initial_master_nodes",
                         list(require(options, "--initial-master-nodes")));
        } else {
            builder.put("discovery.type", "single-node");
        }
        Settings settings = builder.build();
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(nodeName);
        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        boolean languageAnalyzers = switch (options.getOrDefault("--language-analyzers", "true")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--language-analyzers is true or false");
        };
        VettedNode node = new VettedNode(new Environment(settings, null), languageAnalyzers);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (portFile != null) {
                    Files.deleteIfExists(portFile);
                }
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                e.printStackTrace();
            } finally {
                System.out.println("es-node stopped");
                System.out.flush();
                stopped.countDown();
            }
        }, "es-node-shutdown"));

        node.start();
        int bound = node.injector().getInstance(HttpServerTransport.class)
            .boundAddress().publishAddress().getPort();
        if (portFile != null) {
            // Written whole, then moved into place: a reader never sees half a number.
            Path partial = portFile.resolveSibling(portFile.getFileName() + ".partial");
            Files.writeString(partial, Integer.toString(bound), StandardCharsets.US_ASCII);
            Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE,
                       StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("es-node ready port=" + bound + " home=" + home);
        System.out.flush();
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        java.util.HashMap<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!Set.of("--home", "--port", "--port-file", "--cluster", "--log-level",
                        "--node-name", "--transport-port", "--seed-hosts",
                        "--initial-master-nodes", "--language-analyzers").contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static List<String> list(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(","))
            .map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
