// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using Microsoft.CodeAnalysis;

namespace OtaFirmware.Guard
{
    /// <summary>
    /// The diagnostics of the nanoFramework 1.x language guard. Every rule is an error: the portable code must compile
    /// for nanoFramework 1.x, which is never built on the Linux machines, so the net10.0 build is the only check.
    /// </summary>
    public static class NanoFrameworkRules
    {
        private const string Category = "NanoFrameworkSubset";

        /// <summary>NF0001: a generic type (class, struct, interface, delegate) is declared.</summary>
        public static readonly DiagnosticDescriptor GenericTypeDeclared = Rule(
            "NF0001",
            "Generic type declared",
            "Generic type '{0}' is declared: nanoFramework 1.x has no generics; use object, ArrayList or Hashtable");

        /// <summary>NF0002: a generic method or local function is declared.</summary>
        public static readonly DiagnosticDescriptor GenericMethodDeclared = Rule(
            "NF0002",
            "Generic method declared",
            "Generic method '{0}' is declared: nanoFramework 1.x has no generics; use object parameters");

        /// <summary>NF0003: a constructed generic type is used, written or inferred.</summary>
        public static readonly DiagnosticDescriptor GenericTypeUsed = Rule(
            "NF0003",
            "Generic type used",
            "'{0}' is a generic type: nanoFramework 1.x cannot load generic types; use ArrayList, Hashtable or a non-generic delegate");

        /// <summary>NF0004: a generic method is called or referenced, with explicit or inferred type arguments.</summary>
        public static readonly DiagnosticDescriptor GenericMethodUsed = Rule(
            "NF0004",
            "Generic method used",
            "'{0}' is a generic method (type arguments written or inferred): nanoFramework 1.x has no generic methods");

        /// <summary>NF0005: a nullable value type (<c>int?</c>, <c>Nullable&lt;T&gt;</c>), written or inferred.</summary>
        public static readonly DiagnosticDescriptor NullableValueType = Rule(
            "NF0005",
            "Nullable value type",
            "'{0}' is a nullable value type: Nullable<T> does not exist in nanoFramework 1.x; use a flag or a sentinel value");

        /// <summary>NF0006: async, await, Task or another type of System.Threading.Tasks.</summary>
        public static readonly DiagnosticDescriptor AsyncOrTask = Rule(
            "NF0006",
            "async, await or Task",
            "{0}: nanoFramework 1.x has no async/await and no System.Threading.Tasks; use synchronous calls and Thread");

        /// <summary>NF0007: a LINQ query expression.</summary>
        public static readonly DiagnosticDescriptor LinqQuery = Rule(
            "NF0007",
            "LINQ query",
            "LINQ query expression: nanoFramework 1.x has no LINQ; write the loop");

        /// <summary>NF0008: a tuple type or literal, or a deconstruction.</summary>
        public static readonly DiagnosticDescriptor Tuple = Rule(
            "NF0008",
            "Tuple or deconstruction",
            "{0}: tuples and deconstruction need the generic System.ValueTuple, which nanoFramework 1.x lacks; use a small class or out parameters");

        /// <summary>NF0009: a record.</summary>
        public static readonly DiagnosticDescriptor Record = Rule(
            "NF0009",
            "Record",
            "Record '{0}': records need C# 9 and generic IEquatable<T>, which nanoFramework 1.x lacks; write a class");

        /// <summary>NF0010: <c>dynamic</c>.</summary>
        public static readonly DiagnosticDescriptor Dynamic = Rule(
            "NF0010",
            "dynamic",
            "dynamic needs the dynamic language runtime, which nanoFramework 1.x lacks");

        /// <summary>NF0011: unsafe code, pointers, fixed, stackalloc.</summary>
        public static readonly DiagnosticDescriptor Unsafe = Rule(
            "NF0011",
            "unsafe code or stackalloc",
            "{0}: unsafe code, pointers and stackalloc are not supported by nanoFramework 1.x; use arrays");

        /// <summary>NF0012: a default interface member (a body, a static member, a field or a nested type in an interface).</summary>
        public static readonly DiagnosticDescriptor DefaultInterfaceMember = Rule(
            "NF0012",
            "Default interface member",
            "Interface member '{0}' has a body or is static: default interface members need runtime support nanoFramework 1.x lacks");

        /// <summary>NF0013: a multidimensional array (rank above 1).</summary>
        public static readonly DiagnosticDescriptor MultidimensionalArray = Rule(
            "NF0013",
            "Multidimensional array",
            "'{0}' is a multidimensional array: nanoFramework 1.x does not support them; use a jagged array or index arithmetic");

        /// <summary>NF0014: an <c>init</c> accessor.</summary>
        public static readonly DiagnosticDescriptor InitAccessor = Rule(
            "NF0014",
            "init accessor",
            "init accessor: needs C# 9 and IsExternalInit, which nanoFramework 1.x lacks; use a constructor and a get-only property");

        /// <summary>NF0015: a ref struct or a <c>ref readonly</c> reference.</summary>
        public static readonly DiagnosticDescriptor RefStruct = Rule(
            "NF0015",
            "ref struct or ref readonly",
            "{0}: ref structs and readonly references are not supported by nanoFramework 1.x");

        /// <summary>NF0016: <c>foreach</c> over a string.</summary>
        public static readonly DiagnosticDescriptor ForEachOverString = Rule(
            "NF0016",
            "foreach over a string",
            "foreach over a string: nanoFramework's String.GetEnumerator throws NotSupportedException; use a for loop over the indexer");

        /// <summary>NF0017: an iterator (<c>yield return</c>/<c>yield break</c>).</summary>
        public static readonly DiagnosticDescriptor Iterator = Rule(
            "NF0017",
            "yield iterator",
            "yield iterator: the compiler implements IEnumerable<T>/IEnumerator<T> (IEnumerator<object> for non-generic iterators), which nanoFramework 1.x cannot load; return an array or ArrayList");

        /// <summary>Every rule, in id order.</summary>
        public static readonly DiagnosticDescriptor[] All =
        {
            GenericTypeDeclared, GenericMethodDeclared, GenericTypeUsed, GenericMethodUsed, NullableValueType,
            AsyncOrTask, LinqQuery, Tuple, Record, Dynamic, Unsafe, DefaultInterfaceMember, MultidimensionalArray,
            InitAccessor, RefStruct, ForEachOverString, Iterator,
        };

        private static DiagnosticDescriptor Rule(string id, string title, string message)
        {
            return new DiagnosticDescriptor(
                id,
                title,
                message,
                Category,
                DiagnosticSeverity.Error,
                isEnabledByDefault: true,
                description: "The portable OtaFirmware code must also compile and run on nanoFramework 1.x (C# 7.3 without generics). See OtaFirmware.Guard/README.md.");
        }
    }
}
