namespace Gantry.Git;

/// <summary>Git could not do what was asked; the message names the repository and ref, never credentials.</summary>
public sealed class GitException(string message) : Exception(message);
