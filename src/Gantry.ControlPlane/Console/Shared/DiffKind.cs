namespace Gantry.ControlPlane.Console.Shared;

public enum DiffKind
{
    Same,
    Added,
    Removed,
}
