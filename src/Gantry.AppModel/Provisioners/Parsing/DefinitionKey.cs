namespace Gantry.AppModel.Provisioners.Parsing;

/// <summary>The type and class a file defines, and where its <c>type</c> is written (for a duplicate's error).</summary>
internal sealed record DefinitionKey(string Type, string Class, int Line, int Column);
