// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OtaFirmware.Guard
{
    /// <summary>
    /// Reports every C# language feature of a compilation that nanoFramework 1.x cannot run (see
    /// <see cref="NanoFrameworkRules"/>). Syntax is checked where it is enough (declarations, keywords); everything a
    /// type can hide (inferred generic methods, <c>var</c>, lambdas converted to <c>Func&lt;&gt;</c>, foreach
    /// enumerators, lifted nullable operators) is checked on the bound types and symbols.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NanoFrameworkSubsetAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>
        /// MSBuild property (made compiler-visible by NanoFrameworkSubset.targets): semicolon-separated namespaces
        /// whose generic methods may be called because nanoFramework has non-generic methods of the same name and
        /// shape there. OtaFirmware.Tests sets it to the MSTest namespace: <c>Assert.AreEqual(a, b)</c> binds to
        /// MSTest's generic overload on net10.0 and to nanoFramework.TestFramework's non-generic one on the device.
        /// </summary>
        public const string ExemptNamespacesProperty = "build_property.NanoFrameworkGuardGenericMethodExemptNamespaces";

        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(NanoFrameworkRules.All);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                string exempt;
                start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ExemptNamespacesProperty, out exempt);
                ImmutableHashSet<string> exemptNamespaces = ParseNamespaces(exempt);
                start.RegisterSemanticModelAction(model =>
                {
                    var walker = new SubsetWalker(model.SemanticModel, exemptNamespaces, model.ReportDiagnostic, model.CancellationToken);
                    walker.Visit(model.SemanticModel.SyntaxTree.GetRoot(model.CancellationToken));
                });
            });
        }

        private static ImmutableHashSet<string> ParseNamespaces(string value)
        {
            ImmutableHashSet<string>.Builder names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            if (!string.IsNullOrEmpty(value))
            {
                foreach (string part in value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    string name = part.Trim();
                    if (name.Length > 0)
                    {
                        names.Add(name);
                    }
                }
            }

            return names.ToImmutable();
        }
    }
}
