/// The Okabe–Ito palette: eight colours that stay distinct for the common forms of colour
/// blindness (Okabe & Ito, *Color Universal Design*, 2008).
///
/// Charts use `series` in order; yellow is left out because it is hard to read on white.
public enum ChartPalette {
    /// Black (`#000000`).
    public static let black = "#000000"
    /// Orange (`#E69F00`).
    public static let orange = "#E69F00"
    /// Sky blue (`#56B4E9`).
    public static let skyBlue = "#56B4E9"
    /// Bluish green (`#009E73`).
    public static let bluishGreen = "#009E73"
    /// Yellow (`#F0E442`); weak on white, so not in `series`.
    public static let yellow = "#F0E442"
    /// Blue (`#0072B2`).
    public static let blue = "#0072B2"
    /// Vermillion (`#D55E00`).
    public static let vermillion = "#D55E00"
    /// Reddish purple (`#CC79A7`).
    public static let reddishPurple = "#CC79A7"
    /// Neutral grey for dominated points, grid lines and notes.
    public static let grey = "#999999"

    /// The colours for successive series, most distinct first.
    public static let series = [blue, vermillion, bluishGreen, orange, reddishPurple, skyBlue, black]

    /// The colour of series number `index`, wrapping around.
    public static func colour(_ index: Int) -> String {
        series[((index % series.count) + series.count) % series.count]
    }
}
