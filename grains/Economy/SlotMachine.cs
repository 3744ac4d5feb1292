namespace Asphalt.Grains.Economy;

/// <summary>
/// Three identical, independent reels; each shows a symbol with probability weight / total weight.
/// A spin pays the best matching line of the payout table (total return in percent of the bet,
/// stake included); no match loses the bet. The return to player is computed exactly by
/// enumerating every outcome with the same <see cref="Evaluate"/> that pays real spins.
/// <para>Default table (weights 🍒 40, 🍋 30, 🔔 20, ⭐ 8, 💎 2 of 100):</para>
/// <code>
/// line               probability   pays (× bet)   contributes
/// 💎 💎 💎            0.000008       500            0.004000
/// ⭐ ⭐ ⭐            0.000512        50            0.025600
/// 🔔 🔔 🔔            0.008000        20            0.160000
/// 🍋 🍋 🍋            0.027000         8            0.216000
/// 🍒 🍒 🍒            0.064000         4            0.256000
/// exactly two 🍒      0.288000         1 (bet back) 0.288000
/// return to player                                  0.949600  → house edge 5.04 %
/// </code>
/// </summary>
public sealed class SlotMachine
{
    public const int Reels = 3;

    public static readonly IReadOnlyList<SlotSymbolOptions> DefaultSymbols =
    [
        new() { Name = "🍒", Weight = 40 },
        new() { Name = "🍋", Weight = 30 },
        new() { Name = "🔔", Weight = 20 },
        new() { Name = "⭐", Weight = 8 },
        new() { Name = "💎", Weight = 2 },
    ];

    public static readonly IReadOnlyList<SlotPayoutOptions> DefaultPayouts =
    [
        new() { Symbol = "💎", Count = 3, PayoutPercent = 50_000 },
        new() { Symbol = "⭐", Count = 3, PayoutPercent = 5_000 },
        new() { Symbol = "🔔", Count = 3, PayoutPercent = 2_000 },
        new() { Symbol = "🍋", Count = 3, PayoutPercent = 800 },
        new() { Symbol = "🍒", Count = 3, PayoutPercent = 400 },
        new() { Symbol = "🍒", Count = 2, PayoutPercent = 100 },
    ];

    private readonly IReadOnlyList<SlotSymbolOptions> _symbols;
    private readonly IReadOnlyList<SlotPayoutOptions> _payouts;
    private readonly int _totalWeight;

    public SlotMachine(IReadOnlyList<SlotSymbolOptions> symbols, IReadOnlyList<SlotPayoutOptions> payouts)
    {
        _symbols = symbols;
        _payouts = payouts;
        _totalWeight = symbols.Sum(s => s.Weight);
    }

    /// <summary>Draws the three reels.</summary>
    public string[] Spin(IEconomyRandom random)
    {
        var reels = new string[Reels];
        for (var i = 0; i < Reels; i++) reels[i] = SymbolAt(random.Next(0, _totalWeight));
        return reels;
    }

    private string SymbolAt(int ticket)
    {
        foreach (var s in _symbols)
        {
            if (ticket < s.Weight) return s.Name;
            ticket -= s.Weight;
        }
        throw new ArgumentOutOfRangeException(nameof(ticket));
    }

    /// <summary>Total return of the reels in percent of the bet (0 = the bet is lost).</summary>
    public long Evaluate(IReadOnlyList<string> reels)
    {
        long best = 0;
        foreach (var line in _payouts)
        {
            var count = reels.Count(r => r == line.Symbol);
            if (count == line.Count) best = Math.Max(best, line.PayoutPercent);
        }
        return best;
    }

    /// <summary>Expected return per coin bet, exactly (1 − house edge).</summary>
    public decimal ReturnToPlayer
    {
        get
        {
            decimal total = 0;
            decimal w = _totalWeight;
            foreach (var a in _symbols)
            foreach (var b in _symbols)
            foreach (var c in _symbols)
                total += a.Weight / w * (b.Weight / w) * (c.Weight / w) * Evaluate([a.Name, b.Name, c.Name]) / 100m;
            return total;
        }
    }

    public decimal HouseEdge => 1m - ReturnToPlayer;
}
