namespace Gantry.AppModel.Provisioners;

/// <summary>
/// A value made once per resource (or per service) and kept: a template over the resource's name (for identifiers),
/// or <c>random: N</c> random letters and digits (passwords). Secret ones are stored sealed.
/// </summary>
/// <param name="Identifier">Made safe as a database identifier (see <see cref="Templates.Identifiers"/>).</param>
/// <param name="MaxLength">Longer values are cut and end in <c>_</c> and a hash of the whole, so they stay distinct.</param>
/// <param name="Label">Made safe as a DNS label or an S3 bucket name (see <see cref="Resources.LabelNames"/>).</param>
public sealed record GeneratedValue(string Name, string? Template, int? RandomLength, bool Secret, int? MaxLength, bool Identifier = false, bool Label = false);
