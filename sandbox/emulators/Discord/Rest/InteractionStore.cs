using System.Collections.Concurrent;
using Asphalt.Emulators.Discord.Control;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>Interactions sent to the bot, found by id (callbacks) or by token (webhook routes).</summary>
internal sealed class InteractionStore
{
    private readonly ConcurrentDictionary<ulong, EmulatedInteraction> _byId = new();
    private readonly ConcurrentDictionary<string, EmulatedInteraction> _byToken = new(StringComparer.Ordinal);

    public void Add(EmulatedInteraction interaction)
    {
        _byId[interaction.Id] = interaction;
        _byToken[interaction.Token] = interaction;
    }

    public EmulatedInteraction? Find(ulong id, string token) =>
        _byId.TryGetValue(id, out var interaction) && interaction.Token == token ? interaction : null;

    public EmulatedInteraction? FindByToken(string token) => _byToken.GetValueOrDefault(token);
}
