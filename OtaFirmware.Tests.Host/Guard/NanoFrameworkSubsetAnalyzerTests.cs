// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OtaFirmware.Guard;

namespace OtaFirmware.Tests.Host.Guard;

[TestClass]
public class NanoFrameworkSubsetAnalyzerTests
{
    /// <summary>One violating snippet: the rule it must raise and, optionally, the source text the diagnostic must start at.</summary>
    public sealed record Violation(string Name, string ExpectedId, string Source, string? At = null, LanguageVersion Language = LanguageVersion.CSharp7_3)
    {
        public override string ToString() => Name;
    }

    private const string Usings = "using System;\nusing System.Collections;\n";

    private static string InMethod(string statements, string members = "") =>
        Usings + "public class C\n{\n" + members + "\n    public void M()\n    {\n" + statements + "\n    }\n}\n";

    private static string InClass(string members) => Usings + "public class C\n{\n" + members + "\n}\n";

    private static readonly Violation[] Violations =
    {
        new("generic class", "NF0001", Usings + "public class Box<T> { }"),
        new("generic struct", "NF0001", Usings + "public struct Pair<T> { }"),
        new("generic interface", "NF0001", Usings + "public interface IBox<T> { }"),
        new("generic delegate", "NF0001", Usings + "public delegate T Maker<T>();"),
        new("generic method", "NF0002", InClass("public void Put<T>(T value) { }")),
        new("generic local function", "NF0002", InMethod("void Local<T>(T value) { }\nLocal(1);")),
        new("List<int> field", "NF0003", InClass("System.Collections.Generic.List<int> items;"), "System.Collections.Generic.List<int>"),
        new("generic base type", "NF0003", Usings + "public class Items : System.Collections.Generic.List<int> { }", "System.Collections.Generic.List<int>"),
        new("generic interface implemented", "NF0003", Usings + "public class Key : IComparable<Key> { public int CompareTo(Key other) { return 0; } }", "IComparable<Key>"),
        new("var inferred from Tuple.Create", "NF0003", InMethod("var pair = Tuple.Create(1, 2);"), "var"),
        new("var inferred nested generic type", "NF0003", InMethod("var map = new System.Collections.Generic.Dictionary<string, int>();\nobject keys = map.Keys;"), "map.Keys"),
        new("foreach over a generic enumerator", "NF0003",
            InMethod("foreach (int i in new Bag()) { }") + "public class Bag { public System.Collections.Generic.IEnumerator<int> GetEnumerator() { return null; } }",
            "new Bag()"),
        new("anonymous type", "NF0003", InMethod("var point = new { X = 1, Y = 2 };\nint x = point.X;"), "new { X = 1"),
        new("unbound generic in typeof", "NF0003", InMethod("Type t = typeof(System.Collections.Generic.List<>);"), "System.Collections.Generic.List<>"),
        new("generic using alias", "NF0003", "using Ints = System.Collections.Generic.List<int>;\n" + InClass("Ints items;"), "System.Collections.Generic.List<int>"),
        new("EventHandler<T> event", "NF0003", InClass("public event EventHandler<EventArgs> Changed;"), "EventHandler<EventArgs>"),
        new("lambda converted to Func<>", "NF0003", InMethod("Run(() => 1);", "static void Run(Func<int> f) { }"), "() => 1"),
        new("anonymous method converted to Action<T>", "NF0003", InMethod("Action<int> a = delegate (int x) { };"), "delegate (int x)"),
        new("method group converted to Func<>", "NF0003", InMethod("Func<int> f = One;", "static int One() { return 1; }"), "One;"),
        new("Array.Resize inferred", "NF0004", InMethod("int[] a = new int[2];\nArray.Resize(ref a, 3);"), "Array.Resize"),
        new("Array.Empty<int>()", "NF0004", InMethod("int[] a = Array.Empty<int>();"), "Array.Empty<int>()"),
        new("Tuple.Create inferred", "NF0004", InMethod("object pair = Tuple.Create(1, 2);"), "Tuple.Create(1, 2)"),
        new("Array.Fill inferred", "NF0004", InMethod("Array.Fill(new byte[4], (byte)0xFF);"), "Array.Fill"),
        new("generic extension method", "NF0004", "using System.Linq;\n" + InMethod("bool any = new int[1].Any();"), "new int[1].Any()"),
        new("int? declared", "NF0005", InMethod("int? n = null;"), "int?"),
        new("Nullable<int> declared", "NF0005", InMethod("Nullable<int> n = 3;"), "Nullable<int>"),
        new("nullable inferred from ?.", "NF0005", InMethod("string s = \"x\";\nvar length = s?.Length;"), "var"),
        new("async method", "NF0006", InClass("public async void Go() { }")),
        new("async lambda with await", "NF0006", InMethod("Func<System.Threading.Tasks.Task> f = async () => { await System.Threading.Tasks.Task.Delay(1); };"), "async () =>"),
        new("Task-returning method", "NF0006", InClass("public System.Threading.Tasks.Task Go() { return null; }"), "System.Threading.Tasks.Task"),
        new("LINQ query", "NF0007", "using System.Linq;\n" + InMethod("var q = from x in new int[1] select x;"), "from x"),
        new("tuple type", "NF0008", InClass("public (int, int) Two() { return (1, 2); }"), "(int, int)"),
        new("tuple literal", "NF0008", InMethod("var t = (1, 2);"), "(1, 2)"),
        new("deconstruction declaration", "NF0008", InMethod("var (x, y) = new P();") + "public class P { public void Deconstruct(out int x, out int y) { x = 1; y = 2; } }", "var (x, y)"),
        new("deconstruction assignment", "NF0008", InMethod("int x, y;\n(x, y) = new P();") + "public class P { public void Deconstruct(out int x, out int y) { x = 1; y = 2; } }", "(x, y)"),
        new("record", "NF0009", "public record Point(int X, int Y);", "Point", LanguageVersion.Latest),
        new("dynamic", "NF0010", InMethod("dynamic d = 1;"), "dynamic"),
        new("unsafe method and pointer", "NF0011", InClass("public unsafe void Poke() { int x = 1; int* p = &x; *p = 2; }"), "unsafe"),
        new("stackalloc into Span", "NF0011", InMethod("Span<byte> s = stackalloc byte[4];"), "stackalloc"),
        // Reported once, on the outermost construct (the unsafe modifier), not again on the fixed statement inside it.
        new("fixed statement", "NF0011", InClass("public unsafe void Pin(byte[] b) { fixed (byte* p = b) { } }"), "unsafe"),
        new("default interface method", "NF0012", "public interface IGreeter { string Name(); string Greet() { return \"hi \" + Name(); } }", "string Greet()", LanguageVersion.Latest),
        new("static interface member", "NF0012", "public interface IFactory { static int Count; }", "static int Count", LanguageVersion.Latest),
        new("multidimensional array", "NF0013", InMethod("int[,] grid = new int[2, 2];"), "int[,]"),
        new("multidimensional array inferred", "NF0013", InMethod("var grid = new int[2, 3];"), "var"),
        new("init accessor", "NF0014", "public class P { public int X { get; init; } }\nnamespace System.Runtime.CompilerServices { internal static class IsExternalInit { } }", "init", LanguageVersion.Latest),
        new("ref struct", "NF0015", "public ref struct Window { public int Start; }", "Window"),
        new("readonly ref struct", "NF0015", "public readonly ref struct Window { public readonly int Start; }", "Window"),
        new("ref readonly return", "NF0015", InClass("public ref readonly int First(int[] a) { return ref a[0]; }"), "ref readonly int"),
        new("in parameter", "NF0015", InClass("public int Read(in int x) { return x; }"), "in int x"),
        new("foreach over a string", "NF0016", InMethod("int n = 0;\nforeach (char c in \"abc\") { n++; }"), "\"abc\""),
        new("generic iterator", "NF0017", InClass("public System.Collections.Generic.IEnumerable<int> Items() { yield return 1; }"), "yield return"),
        new("non-generic iterator", "NF0017", InClass("public IEnumerable Items() { yield return 1; yield break; }"), "yield return"),
    };

    public static IEnumerable<object[]> ViolationCases => Violations.Select(v => new object[] { v });

    [TestMethod]
    [DynamicData(nameof(ViolationCases))]
    public void Analyze_ViolatingSnippet_ReportsExpectedRuleAsError(Violation violation)
    {
        var diagnostics = GuardCompiler.Analyze(violation.Source, violation.Language);

        Diagnostic[] matching = diagnostics.Where(d => d.Id == violation.ExpectedId).ToArray();
        Assert.IsTrue(matching.Length > 0, $"{violation.Name}: expected {violation.ExpectedId}, got [{string.Join(", ", diagnostics.Select(d => d.ToString()))}]");
        Assert.IsTrue(matching.All(d => d.Severity == DiagnosticSeverity.Error), "NF rules are errors");
        if (violation.At != null)
        {
            Assert.IsTrue(
                matching.Any(d => violation.Source.Substring(d.Location.SourceSpan.Start).StartsWith(violation.At, StringComparison.Ordinal)),
                $"{violation.Name}: no {violation.ExpectedId} at '{violation.At}': [{string.Join(", ", matching.Select(d => violation.Source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)))}]");
        }
    }

    [TestMethod]
    public void Analyze_ConversionIntoWrittenType_ReportedOnceWhereTheTypeIsWritten()
    {
        // int? is reported on the declaration; the literal converted into it is not reported a second time.
        var diagnostics = GuardCompiler.Analyze(InMethod("int? n = 5;"));

        Assert.AreEqual(1, diagnostics.Length, string.Join("\n", diagnostics.Select(d => d.ToString())));
        Assert.AreEqual("NF0005", diagnostics[0].Id);
    }

    [TestMethod]
    public void Analyze_ArgumentConvertedToNullableParameter_Reported()
    {
        // Nothing nullable is written at the call site: only the conversion of the argument shows it.
        string source = InMethod("Take(5);") + "public static class Api { }";
        source = source.Replace("public void M()", "static void Take(int? value) { }\n    public void M()");

        var diagnostics = GuardCompiler.Analyze(source);

        Assert.IsTrue(diagnostics.Any(d => d.Id == "NF0005" && source.Substring(d.Location.SourceSpan.Start).StartsWith("5)", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Analyze_TwoDefaultInterfaceMembers_BothReported()
    {
        var diagnostics = GuardCompiler.Analyze(
            "public interface IGreeter { string Name(); string Greet() { return Name(); } string Wave() { return Name(); } }",
            LanguageVersion.Latest);

        Assert.AreEqual(2, diagnostics.Count(d => d.Id == "NF0012"), string.Join("\n", diagnostics.Select(d => d.ToString())));
    }

    [TestMethod]
    public void Violations_CoverEveryRule()
    {
        CollectionAssert.AreEquivalent(
            NanoFrameworkRules.All.Select(r => r.Id).ToArray(),
            Violations.Select(v => v.ExpectedId).Distinct().ToArray());
    }

    private static readonly (string Name, string Source)[] Allowed =
    {
        ("ArrayList and foreach over it", InMethod("ArrayList list = new ArrayList();\nlist.Add(1);\nint sum = 0;\nforeach (object o in list) { sum += (int)o; }")),
        ("Hashtable and DictionaryEntry", InMethod("Hashtable map = new Hashtable();\nmap[\"a\"] = 1;\nforeach (DictionaryEntry e in map) { object k = e.Key; }\nbool has = map.Contains(\"a\");")),
        ("string interpolation", InMethod("int a = 1;\nstring b = \"x\";\nstring s = $\"{a} and {b}\";")),
        ("string.Format and concatenation", InMethod("string s = string.Format(\"{0}-{1}\", 1, \"x\") + 2 + 'c';")),
        ("lambda to a non-generic delegate", InMethod("IntOp twice = x => x * 2;\nAction done = () => { };\nSystem.Threading.ThreadStart start = delegate { };\nint r = twice(2);", "public delegate int IntOp(int x);")),
        ("events with EventHandler", InClass("public event EventHandler Changed;\npublic void Raise() { EventHandler h = Changed; if (h != null) { h(this, EventArgs.Empty); } }")),
        ("jagged arrays", InMethod("int[][] rows = new int[2][];\nrows[0] = new int[3];\nrows[0][1] = 4;\nbyte[] b = new byte[] { 1, 2 };")),
        ("switch on strings", InMethod("string s = \"b\";\nint v;\nswitch (s) { case \"a\": v = 1; break; case \"b\": v = 2; break; default: v = 0; break; }")),
        ("try/catch/finally and throw expression", InClass("public string Check(string s) { try { return s ?? throw new ArgumentNullException(\"s\"); } catch (InvalidOperationException) { return null; } finally { } }")),
        ("out parameters and out var", InClass("static bool TryGet(out int v) { v = 1; return true; }\npublic void M() { int a; TryGet(out a); if (TryGet(out var b) && int.TryParse(\"12\", out int c)) { a = b + c; } }")),
        ("structs and properties", Usings + "public struct Span2 { public int Start; public int Length { get; private set; } public Span2(int s, int l) { Start = s; Length = l; } public int End { get { return Start + Length; } } }"),
        ("static classes and constants", Usings + "public static class Limits { public const int Max = 4; public static readonly byte[] Magic = { 0xE9 }; public static int Twice(int x) { return x * 2; } }"),
        ("interfaces without bodies, abstract classes, enums", Usings + "public interface IThing { int Size { get; } void Reset(); event EventHandler Done; }\npublic abstract class Base { public abstract int Size { get; } }\npublic enum Kind { A = 1, B = 2 }"),
        ("local functions", InMethod("int Square(int x) { return x * x; }\nint y = Square(3);")),
        ("nameof, patterns, is var", InMethod("object o = \"x\";\nstring n = nameof(M);\nif (o is string s && s.Length > 0) { }\nif (o is var any) { }\nswitch (o) { case int i when i > 0: break; case string t: break; }")),
        ("lock, using, Thread", InMethod("object gate = new object();\nlock (gate) { }\nusing (var ms = new System.Threading.AutoResetEvent(false)) { ms.Set(); }\nvar t = new System.Threading.Thread(() => { });\nSystem.Threading.Thread.Sleep(1);")),
        ("Array.IndexOf over a typed array (non-generic on nanoFramework)", InMethod("byte[] b = new byte[3];\nint i = Array.IndexOf(b, (byte)1);\nArray.Copy(b, 0, b, 1, 2);\nArray.Clear(b, 0, 3);")),
        ("StringBuilder, Encoding and Convert", InMethod("var sb = new System.Text.StringBuilder();\nsb.Append(1).Append(\"x\");\nbyte[] u = System.Text.Encoding.UTF8.GetBytes(sb.ToString());\nstring back = System.Text.Encoding.UTF8.GetString(u, 0, u.Length);\nstring b64 = Convert.ToBase64String(u);")),
        ("foreach over an array and over char[]", InMethod("int sum = 0;\nforeach (int x in new int[] { 1, 2 }) { sum += x; }\nforeach (char c in \"ab\".ToCharArray()) { sum += c; }")),
        ("default, checked, ternary, null-coalescing on references", InMethod("int d = default(int);\nint big = checked(d + 1);\nstring s = null;\nstring t = s ?? \"x\";\nint len = s == null ? 0 : s.Length;")),
    };

    public static IEnumerable<object[]> AllowedCases => Allowed.Select(a => new object[] { a.Name, a.Source });

    [TestMethod]
    [DynamicData(nameof(AllowedCases))]
    public void Analyze_AllowedSnippet_ReportsNothing(string name, string source)
    {
        var diagnostics = GuardCompiler.Analyze(source);

        Assert.AreEqual(0, diagnostics.Length, name + ": " + string.Join("\n", diagnostics.Select(d => d.ToString())));
    }

    [TestMethod]
    public void Analyze_GenericMethodOfExemptNamespace_NotReportedOnlyWhenExempt()
    {
        // MSTest's Assert.AreEqual<T> on net10.0 is nanoFramework.TestFramework's non-generic Assert.AreEqual on the
        // device: OtaFirmware.Tests exempts that namespace. Here a stand-in namespace plays MSTest.
        string source = "namespace Fake.Testing { public static class Check { public static void Same<T>(T a, T b) { } } }\n"
            + "public class UsesIt { public void M() { Fake.Testing.Check.Same(1, 2); } }";

        var notExempt = GuardCompiler.Analyze(source);
        var exempt = GuardCompiler.Analyze(source, exemptNamespaces: "Other.Namespace; Fake.Testing");

        Assert.IsTrue(notExempt.Any(d => d.Id == "NF0004"));
        Assert.IsFalse(exempt.Any(d => d.Id == "NF0004"));
        Assert.IsTrue(exempt.Any(d => d.Id == "NF0002"), "declaring a generic method stays an error even in an exempt namespace");
    }

    [TestMethod]
    public void Compiler_NonGenericIterator_ImplementsGenericInterfaces()
    {
        // Why NF0017 bans every iterator, not only generic ones: the state machine the compiler generates for a
        // non-generic IEnumerable iterator still implements IEnumerable<object> and IEnumerator<object>.
        CSharpCompilation compilation = GuardCompiler.Compile("public class C { public System.Collections.IEnumerable Items() { yield return 1; } }");
        using var image = new MemoryStream();
        Assert.IsTrue(compilation.Emit(image).Success);

        Assembly assembly = Assembly.Load(image.ToArray());
        Type stateMachine = assembly.GetType("C")!.GetNestedTypes(BindingFlags.NonPublic).Single();

        Assert.IsTrue(stateMachine.GetInterfaces().Contains(typeof(IEnumerable<object>)));
        Assert.IsTrue(stateMachine.GetInterfaces().Contains(typeof(IEnumerator<object>)));
    }
}
