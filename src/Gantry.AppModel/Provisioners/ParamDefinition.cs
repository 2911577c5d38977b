namespace Gantry.AppModel.Provisioners;

/// <summary>A parameter a Score resource may set under <c>params</c>.</summary>
/// <param name="Kind"><c>string</c>, <c>list</c> (of strings) or <c>number</c>.</param>
public sealed record ParamDefinition(string Name, string Kind, string Description)
{
    public const string String = "string";
    public const string List = "list";
    public const string Number = "number";
}
