using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>
/// A list left out of a snapshot's JSON arrives as a default array (the serializer sets every init property, even
/// one it did not read): the contract's optional lists read it as empty.
/// </summary>
internal static class ImmutableArrays
{
    public static ImmutableArray<T> OrEmpty<T>(this ImmutableArray<T> array) => array.IsDefault ? [] : array;
}
