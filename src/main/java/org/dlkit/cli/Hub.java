package org.dlkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dlkit.data.DataFiles;
import org.dlkit.data.Programs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A class on one server: JupyterHub (Debian's {@code jupyterhub} with {@code
 * node-configurable-http-proxy}) serving the dlkit kernel to every student, each student's own
 * copies of the students' lessons placed in their home on first login, and {@code kit collect}
 * bringing their notebooks back for {@code kit grade}.
 *
 * <p>Everything the hub keeps — its configuration, database, cookie secret, the kernelspec, the
 * students' lessons and, with {@code --auth dummy}, the students' homes — lives in one folder
 * ({@code build/hub/} by default).
 */
public final class Hub {
    /** Debian's packages for the hub; the single-user servers are Jupyter Notebook's. */
    static final List<String> APT_PACKAGES = List.of("jupyterhub", "node-configurable-http-proxy");

    /** Where a student's copies go, in their home: the same name as {@code kit lab --student}'s. */
    static final String LESSONS = "dlkit-lessons";

    private Hub() {}

    /** How the hub is to run. */
    record Settings(
            Path dir,
            String ip,
            int port,
            String auth,
            String password,
            List<String> admins,
            boolean quick,
            String memLimit,
            int threads) {}

    /** The hub's command and environment, once its folder is prepared. */
    record Launch(List<String> command, Map<String, String> env, Path config, Path homes) {}

    /** The jupyterhub program and the proxy, or empty when either is missing. */
    static Optional<Path> find() {
        Optional<Path> hub = Programs.onPath("jupyterhub");
        if (hub.isEmpty() || Programs.onPath("configurable-http-proxy").isEmpty())
            return Optional.empty();
        if (Programs.onPath("jupyterhub-singleuser").isEmpty()) return Optional.empty();
        return hub;
    }

    static Path ensure(java.io.PrintStream out) {
        Optional<Path> found = find();
        if (found.isPresent()) return found.get();
        Integer rc =
                Jupyter.aptInstall(out, "kit: JupyterHub is missing; installing", APT_PACKAGES);
        found = find();
        if (rc != null && rc == 0 && found.isPresent()) return found.get();
        throw new KitException(
                "JupyterHub was not found (kit hub needs jupyterhub, jupyterhub-singleuser and configurable-http-proxy).\n"
                        + "  Debian/Ubuntu: "
                        + (Jupyter.isRoot() ? "" : "sudo ")
                        + "apt-get install -y "
                        + String.join(" ", APT_PACKAGES)
                        + "\n  conda:         conda install -c conda-forge jupyterhub configurable-http-proxy",
                4);
    }

    /**
     * Prepares the hub's folder — the students' lessons (rewritten from the kit's at every start,
     * so a lesson fixed by the teacher reaches students who have not opened it yet), the
     * kernelspec, the configuration — and returns how to start it.
     */
    static Launch prepare(Home home, Jupyter jupyter, Path hubProgram, Settings s)
            throws IOException {
        Path dir = Folders.writable("the hub's folder", s.dir()).toAbsolutePath();
        // the students' versions only: no solution, no hidden test, no model answer
        Path lessons = dir.resolve("student-lessons");
        Path fresh = dir.resolve("student-lessons.new");
        KernelSpec.deleteTree(fresh);
        Homework.studentFolder(home.notebooks(), fresh);
        KernelSpec.deleteTree(lessons);
        Files.move(fresh, lessons);
        // the kernelspec, in a Jupyter path of the hub's own that every single-user server reads
        Path kernels =
                Files.createDirectories(
                        dir.resolve("jupyter").resolve("kernels").resolve(KernelSpec.NAME));
        KernelSpec.forProject(home, KernelSpec.findIJava(jupyter)).writeTo(kernels);
        Path homes = dir.resolve("homes");
        if (s.auth().equals("dummy")) Files.createDirectories(homes);
        readableByAll(dir);
        Path config = dir.resolve("jupyterhub_config.py");
        DataFiles.writeAtomically(config, config(s, dir, lessons, homes));
        var env = new LinkedHashMap<String, String>();
        if (s.auth().equals("dummy")) env.put("DLKIT_HUB_PASSWORD", s.password());
        // Debian's proxy finds its modules in /usr/share/nodejs, which Debian's node searches and
        // another node (NodeSource's, nvm's) does not
        Path debianModules = Path.of("/usr/share/nodejs");
        if (Files.isDirectory(debianModules)) {
            String had = System.getenv("NODE_PATH");
            env.put(
                    "NODE_PATH",
                    had == null || had.isBlank()
                            ? debianModules.toString()
                            : had + ":" + debianModules);
        }
        List<String> cmd = List.of(hubProgram.toString(), "-f", config.toString());
        return new Launch(cmd, env, config, homes);
    }

    /** jupyterhub_config.py: Python, read by JupyterHub at its start. */
    static String config(Settings s, Path dir, Path lessons, Path homes) {
        var py = new StringBuilder();
        py.append(
                "# Written by `kit hub` at every start; edit the kit's options, not this file.\n");
        py.append("import os, pwd, shutil\n\n");
        py.append("c = get_config()  # noqa\n");
        py.append("c.JupyterHub.ip = ").append(str(s.ip())).append('\n');
        py.append("c.JupyterHub.port = ").append(s.port()).append('\n');
        // the hub's own API and the proxy's, on the two ports after the hub's (not the fixed 8081
        // and 8001, so that two hubs — a class's and the test's — can run on one machine)
        py.append("c.JupyterHub.hub_ip = '127.0.0.1'\n");
        py.append("c.JupyterHub.hub_port = ").append(s.port() + 1).append('\n');
        py.append("c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:")
                .append(s.port() + 2)
                .append("'\n");
        py.append("c.JupyterHub.db_url = ")
                .append(str("sqlite:///" + dir.resolve("jupyterhub.sqlite")))
                .append('\n');
        py.append("c.JupyterHub.cookie_secret_file = ")
                .append(str(dir.resolve("jupyterhub_cookie_secret").toString()))
                .append('\n');
        py.append("c.ConfigurableHTTPProxy.pid_file = ")
                .append(str(dir.resolve("jupyterhub-proxy.pid").toString()))
                .append('\n');
        py.append("c.Authenticator.admin_users = set(").append(pyList(s.admins())).append(")\n");
        // the single-user servers: Jupyter Notebook, opened on the student's lessons
        py.append("c.Spawner.cmd = ['jupyterhub-singleuser']\n");
        py.append("c.Spawner.default_url = '/tree/" + LESSONS + "'\n");
        py.append("c.Spawner.http_timeout = 120\n");
        py.append("c.Spawner.start_timeout = 120\n");
        py.append("c.Spawner.environment = {'JUPYTER_PATH': ")
                .append(str(dir.resolve("jupyter").toString()));
        if (s.quick()) py.append(", 'DLKIT_QUICK': '1'");
        // ND4J's threads per student kernel: a class shares the cores
        py.append(", 'OMP_NUM_THREADS': '").append(Math.max(1, s.threads())).append("'");
        py.append("}\n");
        if (s.memLimit() != null && !s.memLimit().isBlank())
            py.append("c.Spawner.mem_limit = ").append(str(s.memLimit())).append('\n');
        py.append("LESSONS = ").append(str(lessons.toString())).append('\n');
        py.append(
                """

                def home_of(spawner):
                    home = getattr(spawner, 'home_dir', None)   # SimpleLocalProcessSpawner
                    return home if home else pwd.getpwnam(spawner.user.name).pw_dir

                def place_lessons(spawner):
                    \"\"\"The students' copies into ~/dlkit-lessons; a lesson already there is the student's work.\"\"\"
                    home = home_of(spawner)
                    target = os.path.join(home, 'dlkit-lessons')
                    os.makedirs(target, exist_ok=True)
                    owner = None
                    if os.getuid() == 0:
                        try:
                            p = pwd.getpwnam(spawner.user.name)
                            owner = (p.pw_uid, p.pw_gid)
                        except KeyError:
                            pass
                    for name in sorted(os.listdir(LESSONS)):
                        dest = os.path.join(target, name)
                        if name.endswith('.ipynb') and not os.path.exists(dest):
                            shutil.copyfile(os.path.join(LESSONS, name), dest + '.part')
                            os.replace(dest + '.part', dest)
                            if owner:
                                os.chown(dest, *owner)
                    if owner:
                        os.chown(target, *owner)

                c.Spawner.pre_spawn_hook = place_lessons
                """);
        if (s.auth().equals("dummy")) {
            // test users and a shared password; every student's server runs as the hub's user
            py.append("c.JupyterHub.authenticator_class = 'jupyterhub.auth.DummyAuthenticator'\n");
            py.append("c.DummyAuthenticator.password = os.environ['DLKIT_HUB_PASSWORD']\n");
            py.append(
                    "c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'\n");
            py.append("c.SimpleLocalProcessSpawner.home_dir_template = ")
                    .append(str(homes.resolve("{username}").toString()))
                    .append('\n');
            py.append("if os.getuid() == 0:  # Jupyter refuses root unless told\n");
            py.append("    c.Spawner.args = ['--allow-root']\n");
        } else {
            // the machine's own accounts: PAM checks the password, each server runs as its user
            py.append("c.JupyterHub.authenticator_class = 'jupyterhub.auth.PAMAuthenticator'\n");
            py.append("c.JupyterHub.spawner_class = 'jupyterhub.spawner.LocalProcessSpawner'\n");
            py.append("c.LocalProcessSpawner.notebook_dir = '~'\n");
        }
        // a token for scripts (the hub test, a teacher's tooling) when one is given
        py.append(
                """
                if os.environ.get('DLKIT_HUB_API_TOKEN'):
                    c.JupyterHub.services = [{'name': 'dlkit', 'api_token': os.environ['DLKIT_HUB_API_TOKEN']}]
                    c.JupyterHub.load_roles = [{'name': 'dlkit-teacher', 'services': ['dlkit'],
                        'scopes': ['admin:users', 'admin:servers', 'access:servers', 'list:users', 'read:users']}]
                """);
        return py.toString();
    }

    private static String str(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String pyList(List<String> items) {
        return "[" + String.join(", ", items.stream().map(Hub::str).toList()) + "]";
    }

    /** Students' servers (other users under PAM) read the kernelspec and the lessons. */
    private static void readableByAll(Path dir) throws IOException {
        try (var all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                if (p.getFileName().toString().startsWith("jupyterhub")) continue; // db, secret
                if (p.startsWith(dir.resolve("homes"))) continue;
                try {
                    Files.setPosixFilePermissions(
                            p,
                            PosixFilePermissions.fromString(
                                    Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                } catch (UnsupportedOperationException | IOException ignored) {
                    // not POSIX, or not ours: the hub will say if a student cannot read it
                }
            }
        }
    }

    // ---------------------------------------------------------------------- kit hub

    @Command(
            name = "hub",
            description =
                    "Serve a class: JupyterHub on this machine with the dlkit kernel for every user; each student's own copies of"
                            + " the students' lessons in ~/dlkit-lessons on first login (never the solutions). Loopback only unless --ip says"
                            + " otherwise. --auth pam (the machine's accounts, the default) or dummy (test users with one --password).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--ip", description = "address to listen on (default: 127.0.0.1)")
        String ip = "127.0.0.1";

        @Option(
                names = "--port",
                description =
                        "port (default: 8000); the hub's API and the proxy's take the next two")
        int port = 8000;

        @Option(
                names = "--auth",
                description =
                        "pam: students log in with their account on this machine (run kit hub as root); dummy: any user name with --password, every server as your own user, homes under the hub's folder (a trial or a test)")
        String auth = "pam";

        @Option(names = "--password", description = "the shared password for --auth dummy")
        String password;

        @Option(
                names = "--admin",
                split = ",",
                description = "user names that may manage the hub (the teacher)")
        List<String> admins = new ArrayList<>();

        @Option(names = "--dir", description = "the hub's folder (default: build/hub in the kit)")
        Path dir;

        @Option(names = "--quick", description = "lessons in quick mode (small data): a trial run")
        boolean quick;

        @Option(
                names = "--mem-limit",
                description =
                        "memory per student server, e.g. 2G: passed to the spawner (enforced only by spawners that can, e.g. systemdspawner or Kubernetes)")
        String memLimit;

        @Option(
                names = "--threads",
                description =
                        "ND4J threads in each student's kernel (default: 1). Students share the cores: on 2 cores, two kernels of two threads each made small trainings up to twice as slow as one thread each")
        int threads = 1;

        @Override
        public Integer call() throws IOException {
            if (!auth.equals("pam") && !auth.equals("dummy"))
                throw new KitException("--auth takes pam or dummy, not " + auth, 2);
            Kit.checkPort("--port", port, 2);
            if (threads < 1)
                throw new KitException(
                        "--threads takes the number of ND4J threads per student kernel, 1 or more, not "
                                + threads,
                        2);
            if (auth.equals("dummy") && (password == null || password.isBlank()))
                throw new KitException(
                        "--auth dummy needs --password: the one password every test user logs in with",
                        2);
            if (auth.equals("pam") && !Jupyter.isRoot())
                System.out.println(
                        "kit: warning: with --auth pam the hub starts each student's server as that student, which needs root; run kit hub as root, or try it with --auth dummy --password …");
            Home home = Home.locate();
            Jupyter jupyter = Jupyter.ensure(System.out);
            Path program = ensure(System.out);
            var s =
                    new Settings(
                            dir != null ? dir : home.build().resolve("hub"),
                            ip,
                            port,
                            auth,
                            password,
                            admins,
                            quick,
                            memLimit,
                            threads);
            Launch launch = prepare(home, jupyter, program, s);
            System.out.println(
                    "kit: hub configuration in "
                            + launch.config()
                            + "\nkit: students log in at http://"
                            + (ip.equals("0.0.0.0") ? "<this machine>" : ip)
                            + ":"
                            + port
                            + "/ and find their lessons in ~/"
                            + LESSONS
                            + (auth.equals("dummy") ? " (homes in " + launch.homes() + ")" : ""));
            return Programs.inherit(launch.command(), s.dir(), launch.env());
        }
    }

    // ------------------------------------------------------------------- kit collect

    @Command(
            name = "collect",
            description =
                    "Collect the students' copies of one lesson from their homes (HOME/dlkit-lessons/LESSON.ipynb) into one folder"
                            + " for kit grade: build/submissions/LESSON/USER.ipynb unless --out.")
    static final class Collect implements Callable<Integer> {
        @Parameters(paramLabel = "LESSON", description = "the lesson, e.g. 04-mnist-mlp")
        String lesson;

        @Option(
                names = "--homes",
                description =
                        "the folder that holds the students' homes (default: /home, or build/hub/homes when the hub ran with --auth dummy)")
        Path homes;

        @Option(names = "--out", description = "where the copies go")
        Path out;

        @Override
        public Integer call() throws IOException {
            Home home = Home.locate();
            String name = lesson.replaceFirst("\\.ipynb$", "");
            NotebookRunner.resolve(home.notebooks(), name); // a lesson of the kit, or a clear error
            Path from = homes;
            if (from == null) {
                Path hubHomes = home.build().resolve("hub").resolve("homes");
                from = Files.isDirectory(hubHomes) ? hubHomes : Path.of("/home");
            }
            Path to = out != null ? out : home.build().resolve("submissions").resolve(name);
            var got = collect(from, name, to);
            for (String line : got) System.out.println("kit: " + line);
            System.out.println(
                    "kit: "
                            + got.stream().filter(l -> l.contains("→")).count()
                            + " submissions in "
                            + to
                            + "; grade them with: ./kit grade "
                            + to);
            return 0;
        }
    }

    /**
     * Copies {@code homes/USER/dlkit-lessons/LESSON.ipynb} to {@code out/USER.ipynb} for every user
     * that has it (each copy written whole, then renamed into place); returns one line per home.
     */
    static List<String> collect(Path homes, String lesson, Path out) throws IOException {
        if (!Files.isDirectory(homes))
            throw new KitException(
                    "no folder of students' homes at " + homes + " (give it with --homes)", 2);
        Folders.writable("the folder for the submissions", out);
        var lines = new ArrayList<String>();
        try (var users = Files.list(homes)) {
            for (Path user : users.sorted().toList()) {
                Path copy = user.resolve(LESSONS).resolve(lesson + ".ipynb");
                if (!Files.isRegularFile(copy)) {
                    if (Files.isDirectory(user.resolve(LESSONS)))
                        lines.add(user.getFileName() + ": no " + lesson + ".ipynb");
                    continue;
                }
                Path target = out.resolve(user.getFileName() + ".ipynb");
                DataFiles.writeAtomically(target, Files.readAllBytes(copy));
                lines.add(user.getFileName() + " → " + target);
            }
        }
        return lines;
    }
}
