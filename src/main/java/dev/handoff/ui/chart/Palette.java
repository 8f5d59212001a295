package dev.handoff.ui.chart;

import java.awt.Color;

/** Distinct run colours (Tableau 10, then darker/brighter variants). */
public final class Palette {
    private static final int[] RGB = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1,
            0xFF9DA7, 0x9C755F, 0xBAB0AC};

    private Palette() {
    }

    public static Color color(int index) {
        Color base = new Color(RGB[Math.floorMod(index, RGB.length)]);
        int round = Math.floorMod(index, 3 * RGB.length) / RGB.length;
        return switch (round) {
            case 1 -> base.darker();
            case 2 -> base.brighter();
            default -> base;
        };
    }

    public static Color faint(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 70);
    }
}
