package org.dlkit.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;

/**
 * What a notebook cell's Java declares and uses, read without running it: the cell is split into
 * snippets and parsed by the JDK's own JShell (the parser the kernels use), so a class, method or
 * variable declared at the top level of a cell is found exactly as the kernel will define it.
 *
 * @param declared names the cell declares at its top level (classes, records, methods, variables)
 * @param imports the cell's imports, as written ("java.util.*", "org.dlkit.nn.Dense", "static
 *     org.dlkit.notebook.Notebook.*")
 * @param identifiers every identifier the cell's code mentions (comments and strings left out)
 * @param references the identifiers not right after a dot: a generous guess at the names of other
 *     cells it uses
 * @param code the source with comments and string literals blanked out
 * @param snippets the same, one entry per snippet (a statement, or a whole class or method)
 */
record CellSource(
        Set<String> declared,
        Set<String> imports,
        Set<String> identifiers,
        Set<String> references,
        String code,
        List<String> snippets) {

    private static JShell shell;

    /** Reads one cell. Thread-safe; the first call starts a parser (about a second). */
    static CellSource of(String source) {
        var declared = new LinkedHashSet<String>();
        var imports = new LinkedHashSet<String>();
        var snippets = new java.util.ArrayList<String>();
        synchronized (CellSource.class) {
            if (shell == null) shell = JShell.builder().executionEngine("local").build();
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String rest = source;
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                String snippet = info.source() != null ? info.source() : rest;
                snippets.add(withoutCommentsAndStrings(snippet));
                for (Snippet s : analysis.sourceToSnippets(snippet)) {
                    if (s instanceof ImportSnippet i)
                        imports.add((i.isStatic() ? "static " : "") + i.fullname());
                    else if (s instanceof DeclarationSnippet d) declared.add(d.name());
                    else if (s.kind() == Snippet.Kind.ERRONEOUS) {
                        // "var x = f();" needs f's type, which a parser alone does not know
                        var m = VAR.matcher(withoutCommentsAndStrings(s.source()));
                        if (m.find()) declared.add(m.group(1));
                    }
                }
                if (info.source() == null || info.remaining().length() >= rest.length()) break;
                rest = info.remaining();
            }
        }
        String code = withoutCommentsAndStrings(source);
        if (snippets.isEmpty()) snippets.add(withoutCommentsAndStrings(source));
        return new CellSource(
                declared,
                imports,
                identifiers(code, true),
                identifiers(code, false),
                code,
                List.copyOf(snippets));
    }

    private static final Pattern VAR =
            Pattern.compile("^\\s*(?:final\\s+)?var\\s+([\\p{L}_$][\\p{L}\\p{N}_$]*)\\s*=");

    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");

    /**
     * The identifiers of the code; without members, those right after a dot are left out:
     * "Inspect.confusion" names a member of Inspect, never a top-level "confusion" of another cell
     * (the kernel makes top-level declarations members of classes no cell can name).
     */
    private static Set<String> identifiers(String code, boolean members) {
        var names = new LinkedHashSet<String>();
        var m = IDENTIFIER.matcher(code);
        while (m.find()) {
            int before = m.start() - 1;
            while (before >= 0 && Character.isWhitespace(code.charAt(before))) before--;
            if (!members && before >= 0 && code.charAt(before) == '.') continue;
            names.add(m.group());
        }
        return names;
    }

    /**
     * Whether the cell assigns to a variable of this name, or to an element of it ("x = …", "x[0] =
     * …", "x += …", "x++"; not "a.x = …", not "x == …"), in a snippet that does not declare a
     * variable, field or parameter of that name itself: "double sum = 0; … sum += v" in a method is
     * the method's own sum, not the lesson's.
     */
    boolean assignsTo(String name) {
        var assigns =
                Pattern.compile(
                        "(?<![\\p{L}\\p{N}_$.])"
                                + Pattern.quote(name)
                                + "(\\s*\\[[^\\]]*\\])*\\s*(=(?!=)|[-+*/%&|^]=|<<=|>>>?=|\\+\\+|--)");
        for (String s : snippets)
            if (assigns.matcher(s).find() && !declaresLocally(s, name)) return true;
        return false;
    }

    /**
     * Whether a snippet declares a local variable, field or parameter of this name: a type before
     * it ("double sum =", "int[] sum;", "List<String> sum)", "for (var sum :") or a declarator list
     * before it ("mean = …, sum = …").
     */
    static boolean declaresLocally(String snippet, String name) {
        String n = Pattern.quote(name);
        var typed =
                Pattern.compile(
                        "([\\p{L}_$][\\p{L}\\p{N}_$]*)(\\s*<[^;{}()]*>)?(\\s*\\[\\s*\\])*\\s+"
                                + n
                                + "\\s*(=(?!=)|;|,|:|\\))");
        var m = typed.matcher(snippet);
        while (m.find()) if (!NOT_TYPES.contains(m.group(1))) return true;
        return Pattern.compile(",\\s*" + n + "\\s*=(?!=)").matcher(snippet).find();
    }

    /** Words that can stand before a name without making it a declaration: "return sum;". */
    private static final Set<String> NOT_TYPES =
            Set.of(
                    "return",
                    "new",
                    "throw",
                    "case",
                    "else",
                    "yield",
                    "assert",
                    "instanceof",
                    "do",
                    "this",
                    "super",
                    "extends",
                    "implements",
                    "throws",
                    "import",
                    "package");

    /** Comments, string and character literals (text blocks too) replaced by spaces. */
    static String withoutCommentsAndStrings(String s) {
        var out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') i = blank(out, i);
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                while (i < stop) i = blank(out, i, s);
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                int stop = end < 0 ? n : end + 3;
                while (i < stop) i = blank(out, i, s);
            } else if (c == '"' || c == '\'') {
                out.append(' ');
                i++;
                while (i < n && s.charAt(i) != c && s.charAt(i) != '\n') {
                    if (s.charAt(i) == '\\' && i + 1 < n) i = blank(out, i);
                    i = blank(out, i);
                }
                if (i < n) i = blank(out, i);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int blank(StringBuilder out, int i) {
        out.append(' ');
        return i + 1;
    }

    private static int blank(StringBuilder out, int i, String s) {
        out.append(s.charAt(i) == '\n' ? '\n' : ' ');
        return i + 1;
    }

    /**
     * The simple names of all top-level packages a name could start with, which no answer may take.
     */
    static final List<String> ROOT_PACKAGES =
            List.of("java", "javax", "jdk", "sun", "com", "org", "net", "tech", "ai", "io");
}
