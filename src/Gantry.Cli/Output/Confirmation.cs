namespace Gantry.Cli.Output;

/// <summary>Asks a person to type a name before something that destroys data; refuses when no one is at a terminal.</summary>
public static class Confirmation
{
    /// <param name="what">What needs confirming, for the refusal ("deleting 'shop'").</param>
    /// <param name="question">The question, ending where the name is typed.</param>
    /// <param name="expected">The name to type.</param>
    /// <param name="nothingDone">What did not happen when it was not confirmed ("nothing was deleted").</param>
    public static bool Ask(string what, string question, string expected, string nothingDone)
    {
        if (Console.IsInputRedirected)
        {
            Printer.Fail($"{what} needs confirmation: run it in a terminal or add --yes");
            return false;
        }

        Console.Write(question);
        if (Console.ReadLine()?.Trim() == expected)
        {
            return true;
        }

        Printer.Fail($"not confirmed; {nothingDone}");
        return false;
    }
}
