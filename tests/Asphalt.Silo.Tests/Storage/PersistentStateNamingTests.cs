using System.Reflection;
using Asphalt.Grains;

namespace Asphalt.Silo.Tests.Storage;

public sealed class PersistentStateNamingTests
{
    /// <summary>
    /// ADO.NET storage keys rows by grain id hash and state name, not by grain type: two grain
    /// types with the same key and state name would overwrite each other.
    /// </summary>
    [Fact]
    public void Every_grain_type_uses_its_own_persistent_state_names()
    {
        var names = typeof(StorageNames).Assembly.GetTypes()
            .Where(t => typeof(Grain).IsAssignableFrom(t))
            .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters())
                .Select(p => p.GetCustomAttribute<PersistentStateAttribute>())
                .OfType<PersistentStateAttribute>()
                .Select(a => (Grain: t.Name, a.StateName)))
            .ToList();

        Assert.NotEmpty(names);
        var shared = names.GroupBy(n => n.StateName).Where(g => g.Select(n => n.Grain).Distinct().Count() > 1).Select(g => g.Key);
        Assert.Empty(shared);
    }
}
