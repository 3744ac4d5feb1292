using System.Security.Cryptography;

namespace Asphalt.Grains.Economy;

/// <summary>Where games and /work draw their numbers; tests register one that fixes the outcomes.</summary>
public interface IEconomyRandom
{
    /// <summary>A uniformly distributed integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    int Next(int minInclusive, int maxExclusive);
}

/// <summary>The production source: the operating system's CSPRNG, without modulo bias.</summary>
public sealed class SecureEconomyRandom : IEconomyRandom
{
    public int Next(int minInclusive, int maxExclusive) => RandomNumberGenerator.GetInt32(minInclusive, maxExclusive);
}

/// <summary>The service keys under which the economy's own services are registered.</summary>
public static class EconomyServiceKeys
{
    /// <summary>
    /// The economy's <see cref="TimeProvider"/> is keyed so that tests can move the economy's clock
    /// without moving the one Orleans itself uses (membership, timers, reminders).
    /// </summary>
    public const string Clock = "economy";
}
