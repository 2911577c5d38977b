namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>One error in an app's files, as the API returns it in a 400 problem's <c>errors</c>.</summary>
public sealed record SpecErrorInfo(string File, int Line, int Column, string Field, string Message, string Text);
