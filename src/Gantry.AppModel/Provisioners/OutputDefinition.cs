namespace Gantry.AppModel.Provisioners;

/// <summary>An output placeholders can read (<c>${resources.db.password}</c>): a template, and whether it is a secret.</summary>
public sealed record OutputDefinition(string Name, string Template, bool Secret);
