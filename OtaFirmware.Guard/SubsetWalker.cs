// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OtaFirmware.Guard
{
    /// <summary>
    /// Walks one syntax tree top-down and reports each rule once per outermost offending node: a rule reported on a
    /// node is not reported again on its descendants (so <c>Tuple.Create(1, 2)</c> gives one NF0004 and one NF0003,
    /// not one per sub-expression).
    /// </summary>
    internal sealed class SubsetWalker : CSharpSyntaxWalker
    {
        /// <summary>
        /// Generic methods that nanoFramework 1.x has as non-generic methods of the same name and shape, so that the
        /// same source binds to the generic overload on net10.0 and to the non-generic one on the device.
        /// <c>Array.IndexOf(bytes, b)</c> binds to <c>IndexOf&lt;byte&gt;(byte[], byte)</c> on net10.0 and to
        /// <c>IndexOf(Array, object)</c> in nanoFramework's mscorlib.
        /// </summary>
        private static readonly string[] ExemptGenericMethods = { "System.Array.IndexOf" };

        private readonly SemanticModel _model;
        private readonly ImmutableHashSet<string> _exemptNamespaces;
        private readonly Action<Diagnostic> _report;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<DiagnosticDescriptor, int> _reportedOnAncestor = new Dictionary<DiagnosticDescriptor, int>();

        public SubsetWalker(SemanticModel model, ImmutableHashSet<string> exemptNamespaces, Action<Diagnostic> report, CancellationToken cancellationToken)
            : base(SyntaxWalkerDepth.Node)
        {
            _model = model;
            _exemptNamespaces = exemptNamespaces;
            _report = report;
            _cancellationToken = cancellationToken;
        }

        public override void Visit(SyntaxNode node)
        {
            if (node == null)
            {
                return;
            }

            _cancellationToken.ThrowIfCancellationRequested();
            var found = new List<Finding>();
            CheckSyntax(node, found);
            if (node is ExpressionSyntax expression)
            {
                CheckBound(expression, found);
            }

            // Several findings of one rule on one node (two default members of an interface) are all reported, at
            // their own locations; duplicates at the same location are not.
            var pushed = new List<DiagnosticDescriptor>();
            var reported = new List<Finding>();
            foreach (Finding finding in found)
            {
                int count;
                _reportedOnAncestor.TryGetValue(finding.Rule, out count);
                if (count == 0 && !reported.Exists(r => r.Rule == finding.Rule && r.Location == finding.Location))
                {
                    _report(Diagnostic.Create(finding.Rule, finding.Location, finding.Argument));
                    reported.Add(finding);
                }

                if (!pushed.Contains(finding.Rule))
                {
                    pushed.Add(finding.Rule);
                }
            }

            foreach (DiagnosticDescriptor rule in pushed)
            {
                int count;
                _reportedOnAncestor.TryGetValue(rule, out count);
                _reportedOnAncestor[rule] = count + 1;
            }

            base.Visit(node);

            foreach (DiagnosticDescriptor rule in pushed)
            {
                _reportedOnAncestor[rule]--;
            }
        }

        private void CheckSyntax(SyntaxNode node, List<Finding> found)
        {
            switch (node)
            {
                case TypeDeclarationSyntax type:
                    if (type.TypeParameterList != null)
                    {
                        found.Add(new Finding(NanoFrameworkRules.GenericTypeDeclared, type.Identifier.GetLocation(), type.Identifier.ValueText));
                    }

                    if (type.IsKind(SyntaxKind.RecordDeclaration) || type.IsKind(SyntaxKind.RecordStructDeclaration))
                    {
                        found.Add(new Finding(NanoFrameworkRules.Record, type.Identifier.GetLocation(), type.Identifier.ValueText));
                    }

                    if (type.IsKind(SyntaxKind.StructDeclaration) && type.Modifiers.Any(SyntaxKind.RefKeyword))
                    {
                        found.Add(new Finding(NanoFrameworkRules.RefStruct, type.Identifier.GetLocation(), "ref struct '" + type.Identifier.ValueText + "'"));
                    }

                    if (type.IsKind(SyntaxKind.InterfaceDeclaration))
                    {
                        CheckInterfaceMembers((InterfaceDeclarationSyntax)type, found);
                    }

                    break;
                case DelegateDeclarationSyntax del when del.TypeParameterList != null:
                    found.Add(new Finding(NanoFrameworkRules.GenericTypeDeclared, del.Identifier.GetLocation(), del.Identifier.ValueText));
                    break;
                case MethodDeclarationSyntax method:
                    if (method.TypeParameterList != null)
                    {
                        found.Add(new Finding(NanoFrameworkRules.GenericMethodDeclared, method.Identifier.GetLocation(), method.Identifier.ValueText));
                    }

                    if (method.Modifiers.Any(SyntaxKind.AsyncKeyword))
                    {
                        found.Add(new Finding(NanoFrameworkRules.AsyncOrTask, method.Identifier.GetLocation(), "async method '" + method.Identifier.ValueText + "'"));
                    }

                    break;
                case LocalFunctionStatementSyntax local:
                    if (local.TypeParameterList != null)
                    {
                        found.Add(new Finding(NanoFrameworkRules.GenericMethodDeclared, local.Identifier.GetLocation(), local.Identifier.ValueText));
                    }

                    if (local.Modifiers.Any(SyntaxKind.AsyncKeyword))
                    {
                        found.Add(new Finding(NanoFrameworkRules.AsyncOrTask, local.Identifier.GetLocation(), "async local function '" + local.Identifier.ValueText + "'"));
                    }

                    if (local.Modifiers.Any(SyntaxKind.UnsafeKeyword))
                    {
                        found.Add(new Finding(NanoFrameworkRules.Unsafe, local.Identifier.GetLocation(), "unsafe local function"));
                    }

                    break;
                case AnonymousFunctionExpressionSyntax lambda when lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword):
                    found.Add(new Finding(NanoFrameworkRules.AsyncOrTask, lambda.AsyncKeyword.GetLocation(), "async lambda"));
                    break;
                case AwaitExpressionSyntax await:
                    found.Add(new Finding(NanoFrameworkRules.AsyncOrTask, await.AwaitKeyword.GetLocation(), "await"));
                    break;
                case CommonForEachStatementSyntax forEach:
                    CheckForEach(forEach, found);
                    break;
                case UsingStatementSyntax usingStatement when usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword):
                    found.Add(new Finding(NanoFrameworkRules.AsyncOrTask, usingStatement.AwaitKeyword.GetLocation(), "await using"));
                    break;
                case LocalDeclarationStatementSyntax localDeclaration when localDeclaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword):
                    found.Add(new Finding(NanoFrameworkRules.AsyncOrTask, localDeclaration.AwaitKeyword.GetLocation(), "await using"));
                    break;
                case QueryExpressionSyntax query:
                    found.Add(new Finding(NanoFrameworkRules.LinqQuery, query.GetLocation(), null));
                    break;
                case DeclarationExpressionSyntax declaration when declaration.Designation is ParenthesizedVariableDesignationSyntax:
                    found.Add(new Finding(NanoFrameworkRules.Tuple, declaration.GetLocation(), "deconstruction"));
                    break;
                case PositionalPatternClauseSyntax positional:
                    found.Add(new Finding(NanoFrameworkRules.Tuple, positional.GetLocation(), "positional pattern (deconstruction)"));
                    break;
                case YieldStatementSyntax yield:
                    found.Add(new Finding(NanoFrameworkRules.Iterator, yield.GetLocation(), null));
                    break;
                case UnsafeStatementSyntax unsafeStatement:
                    found.Add(new Finding(NanoFrameworkRules.Unsafe, unsafeStatement.UnsafeKeyword.GetLocation(), "unsafe block"));
                    break;
                case FixedStatementSyntax fixedStatement:
                    found.Add(new Finding(NanoFrameworkRules.Unsafe, fixedStatement.FixedKeyword.GetLocation(), "fixed statement"));
                    break;
                case StackAllocArrayCreationExpressionSyntax _:
                case ImplicitStackAllocArrayCreationExpressionSyntax _:
                    found.Add(new Finding(NanoFrameworkRules.Unsafe, node.GetLocation(), "stackalloc"));
                    break;
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.AddressOfExpression) || prefix.IsKind(SyntaxKind.PointerIndirectionExpression):
                    found.Add(new Finding(NanoFrameworkRules.Unsafe, prefix.GetLocation(), "pointer operation"));
                    break;
                case MemberAccessExpressionSyntax pointerAccess when pointerAccess.IsKind(SyntaxKind.PointerMemberAccessExpression):
                    found.Add(new Finding(NanoFrameworkRules.Unsafe, pointerAccess.GetLocation(), "pointer member access"));
                    break;
                case AccessorDeclarationSyntax accessor when accessor.IsKind(SyntaxKind.InitAccessorDeclaration):
                    found.Add(new Finding(NanoFrameworkRules.InitAccessor, accessor.Keyword.GetLocation(), null));
                    break;
                case RefTypeSyntax refType when refType.ReadOnlyKeyword.IsKind(SyntaxKind.ReadOnlyKeyword):
                    found.Add(new Finding(NanoFrameworkRules.RefStruct, refType.GetLocation(), "ref readonly"));
                    break;
                case ParameterSyntax parameter when parameter.Modifiers.Any(SyntaxKind.InKeyword):
                    found.Add(new Finding(NanoFrameworkRules.RefStruct, parameter.GetLocation(), "in parameter (readonly reference)"));
                    break;
                case AnonymousObjectCreationExpressionSyntax anonymous:
                    found.Add(new Finding(NanoFrameworkRules.GenericTypeUsed, anonymous.NewKeyword.GetLocation(), "anonymous type (compiled to a generic class)"));
                    break;
                case NullableTypeSyntax nullable:
                    found.Add(new Finding(NanoFrameworkRules.NullableValueType, nullable.GetLocation(), nullable.ToString()));
                    break;
            }

            if (node is MemberDeclarationSyntax member)
            {
                foreach (SyntaxToken modifier in member.Modifiers)
                {
                    if (modifier.IsKind(SyntaxKind.UnsafeKeyword))
                    {
                        found.Add(new Finding(NanoFrameworkRules.Unsafe, modifier.GetLocation(), "unsafe modifier"));
                    }
                }
            }
        }

        private static void CheckInterfaceMembers(InterfaceDeclarationSyntax type, List<Finding> found)
        {
            foreach (MemberDeclarationSyntax member in type.Members)
            {
                bool isDefault = member.Modifiers.Any(SyntaxKind.StaticKeyword)
                    || member is BaseTypeDeclarationSyntax
                    || member is DelegateDeclarationSyntax
                    || member is BaseFieldDeclarationSyntax && !(member is EventFieldDeclarationSyntax);
                if (member is BaseMethodDeclarationSyntax method)
                {
                    isDefault |= method.Body != null || method.ExpressionBody != null;
                }
                else if (member is BasePropertyDeclarationSyntax property)
                {
                    isDefault |= property is PropertyDeclarationSyntax p && (p.ExpressionBody != null || p.Initializer != null);
                    isDefault |= property is IndexerDeclarationSyntax i && i.ExpressionBody != null;
                    if (property.AccessorList != null)
                    {
                        foreach (AccessorDeclarationSyntax accessor in property.AccessorList.Accessors)
                        {
                            isDefault |= accessor.Body != null || accessor.ExpressionBody != null;
                        }
                    }
                }

                if (isDefault)
                {
                    found.Add(new Finding(NanoFrameworkRules.DefaultInterfaceMember, member.GetLocation(), MemberName(member)));
                }
            }
        }

        private static string MemberName(MemberDeclarationSyntax member)
        {
            switch (member)
            {
                case MethodDeclarationSyntax m: return m.Identifier.ValueText;
                case PropertyDeclarationSyntax p: return p.Identifier.ValueText;
                case EventDeclarationSyntax e: return e.Identifier.ValueText;
                case BaseTypeDeclarationSyntax t: return t.Identifier.ValueText;
                case IndexerDeclarationSyntax _: return "this[]";
                case OperatorDeclarationSyntax o: return "operator " + o.OperatorToken.ValueText;
                default: return member.Kind().ToString();
            }
        }

        private void CheckForEach(CommonForEachStatementSyntax forEach, List<Finding> found)
        {
            if (forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
            {
                found.Add(new Finding(NanoFrameworkRules.AsyncOrTask, forEach.AwaitKeyword.GetLocation(), "await foreach"));
            }

            if (forEach is ForEachVariableStatementSyntax)
            {
                found.Add(new Finding(NanoFrameworkRules.Tuple, forEach.ForEachKeyword.GetLocation(), "foreach deconstruction"));
            }

            ITypeSymbol collectionType = _model.GetTypeInfo(forEach.Expression, _cancellationToken).Type;
            if (collectionType != null && collectionType.SpecialType == SpecialType.System_String)
            {
                found.Add(new Finding(NanoFrameworkRules.ForEachOverString, forEach.Expression.GetLocation(), null));
                return;
            }

            // The enumerator the compiler calls is invisible in the source: a collection whose GetEnumerator is
            // generic or returns a generic enumerator needs generics even when the element type is not generic.
            ForEachStatementInfo info = _model.GetForEachStatementInfo(forEach);
            IMethodSymbol getEnumerator = info.GetEnumeratorMethod;
            if (getEnumerator != null)
            {
                ITypeSymbol enumerator = getEnumerator.ReturnType;
                if (getEnumerator.IsGenericMethod || InvolvesGenerics(getEnumerator.ContainingType) || InvolvesGenerics(enumerator))
                {
                    found.Add(new Finding(NanoFrameworkRules.GenericTypeUsed, forEach.Expression.GetLocation(), enumerator.ToDisplayString()));
                }
            }
        }

        private void CheckBound(ExpressionSyntax expression, List<Finding> found)
        {
            TypeInfo typeInfo = _model.GetTypeInfo(expression, _cancellationToken);
            SymbolInfo symbolInfo = _model.GetSymbolInfo(expression, _cancellationToken);
            IMethodSymbol method = symbolInfo.Symbol as IMethodSymbol;

            ClassifyType(typeInfo.Type, expression, found);

            // The converted type shows what a value silently becomes: a lambda or method group converted to
            // Func<>/Action<T>, an int widened to int?, an argument passed to a generic parameter. Arguments of an
            // exempt method (MSTest's Assert) are checked by their own type only.
            if (!SymbolEqualityComparer.Default.Equals(typeInfo.ConvertedType, typeInfo.Type)
                && !IsArgumentOfExemptMethod(expression)
                && (expression is AnonymousFunctionExpressionSyntax || (typeInfo.Type == null && method != null) || !FlowsIntoWrittenType(expression)))
            {
                ClassifyType(typeInfo.ConvertedType, expression, found);
            }

            if (method != null && method.MethodKind != MethodKind.LocalFunction)
            {
                IMethodSymbol definition = method.ReducedFrom ?? method;
                if ((definition.IsGenericMethod || method.IsGenericMethod) && !IsExempt(method))
                {
                    found.Add(new Finding(NanoFrameworkRules.GenericMethodUsed, expression.GetLocation(), method.ToDisplayString()));
                }

                if (method.ContainingType != null && InvolvesGenerics(method.ContainingType))
                {
                    ClassifyType(method.ContainingType, expression, found);
                }
            }
            else if (method != null && method.IsGenericMethod)
            {
                found.Add(new Finding(NanoFrameworkRules.GenericMethodUsed, expression.GetLocation(), method.ToDisplayString()));
            }
        }

        /// <summary>
        /// True when a value converts into a type written in this source (a variable initializer, an assignment, a
        /// return): that written type is reported where it is written, so the conversion is not reported again.
        /// Lambdas and method groups are always reported: their delegate type is what they become.
        /// </summary>
        private static bool FlowsIntoWrittenType(ExpressionSyntax expression)
        {
            SyntaxNode parent = expression.Parent;
            return parent is EqualsValueClauseSyntax
                || parent is ReturnStatementSyntax
                || parent is ArrowExpressionClauseSyntax
                || (parent is AssignmentExpressionSyntax assignment && assignment.Right == expression);
        }

        private void ClassifyType(ITypeSymbol type, SyntaxNode at, List<Finding> found)
        {
            DiagnosticDescriptor rule = Classify(type);
            if (rule != null)
            {
                found.Add(new Finding(rule, at.GetLocation(), type.ToDisplayString()));
            }
        }

        /// <summary>The rule a type breaks, the most specific first, or null when nanoFramework 1.x can use it.</summary>
        private static DiagnosticDescriptor Classify(ITypeSymbol type)
        {
            if (type == null || type.TypeKind == TypeKind.Error)
            {
                return null;
            }

            switch (type)
            {
                case IDynamicTypeSymbol _:
                    return NanoFrameworkRules.Dynamic;
                case IPointerTypeSymbol _:
                case IFunctionPointerTypeSymbol _:
                    return NanoFrameworkRules.Unsafe;
                case IArrayTypeSymbol array:
                    return array.Rank > 1 ? NanoFrameworkRules.MultidimensionalArray : Classify(array.ElementType);
                case INamedTypeSymbol named:
                    if (named.IsAnonymousType)
                    {
                        // The compiler emits every anonymous type as a generic class (<>f__AnonymousType0<T>).
                        return NanoFrameworkRules.GenericTypeUsed;
                    }

                    if (named.IsTupleType)
                    {
                        return NanoFrameworkRules.Tuple;
                    }

                    if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                    {
                        return NanoFrameworkRules.NullableValueType;
                    }

                    if (named.ContainingNamespace != null && named.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks")
                    {
                        return NanoFrameworkRules.AsyncOrTask;
                    }

                    return InvolvesGenerics(named) ? NanoFrameworkRules.GenericTypeUsed : null;
                default:
                    // Type parameters appear only inside a generic declaration, which NF0001/NF0002 already report.
                    return null;
            }
        }

        private static bool InvolvesGenerics(ITypeSymbol type)
        {
            switch (type)
            {
                case INamedTypeSymbol named:
                    for (INamedTypeSymbol t = named; t != null; t = t.ContainingType)
                    {
                        if (t.IsGenericType)
                        {
                            return true;
                        }
                    }

                    return false;
                case IArrayTypeSymbol array:
                    return InvolvesGenerics(array.ElementType);
                case IPointerTypeSymbol pointer:
                    return InvolvesGenerics(pointer.PointedAtType);
                default:
                    return false;
            }
        }

        private bool IsExempt(IMethodSymbol method)
        {
            if (method.ContainingType == null)
            {
                return false;
            }

            string name = method.ContainingType.ToDisplayString() + "." + method.Name;
            if (Array.IndexOf(ExemptGenericMethods, name) >= 0)
            {
                return true;
            }

            return method.ContainingNamespace != null && _exemptNamespaces.Contains(method.ContainingNamespace.ToDisplayString());
        }

        private bool IsArgumentOfExemptMethod(ExpressionSyntax expression)
        {
            // The name in "a.B" (or the inside of parentheses) reports the conversion of the whole argument.
            while ((expression.Parent is MemberAccessExpressionSyntax access && access.Name == expression)
                || expression.Parent is ParenthesizedExpressionSyntax)
            {
                expression = (ExpressionSyntax)expression.Parent;
            }

            if (!(expression.Parent is ArgumentSyntax argument) || !(argument.Parent is ArgumentListSyntax list) || !(list.Parent is InvocationExpressionSyntax invocation))
            {
                return false;
            }

            IMethodSymbol target = _model.GetSymbolInfo(invocation, _cancellationToken).Symbol as IMethodSymbol;
            return target != null && IsExempt(target);
        }

        private struct Finding
        {
            public Finding(DiagnosticDescriptor rule, Location location, string argument)
            {
                Rule = rule;
                Location = location;
                Argument = argument;
            }

            public DiagnosticDescriptor Rule { get; }

            public Location Location { get; }

            public string Argument { get; }
        }
    }
}
