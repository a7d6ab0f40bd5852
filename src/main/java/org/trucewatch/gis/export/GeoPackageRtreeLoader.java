package org.trucewatch.gis.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk-loads a GeoPackage R-tree (SQLite's rtree module) instead of inserting into it row by
 * row, which costs SQLite about 10 µs per row, as much as the rest of the row. Envelopes are
 * collected in a plain scratch table; at the end they are ordered sort-tile-recursive (by x
 * in vertical slices, by y within each, SQLite doing the sort on disk) and packed into full
 * leaf nodes, then parent levels, written straight into the R-tree's shadow tables
 * ({@code _node}, {@code _rowid}, {@code _parent}) in the rtree module's node format:
 * 2 bytes tree depth (root only), 2 bytes cell count, then cells of an 8-byte id and four
 * 4-byte floats (min x, max x, min y, max y), all big-endian, rounded outwards. GDAL builds
 * its GeoPackage R-trees in bulk for the same reason. SQLite's {@code rtreecheck()} verifies
 * the result in the tests.
 */
final class GeoPackageRtreeLoader {
    private static final int CELL = 24;

    private final Connection c;
    private final String rtree;
    /** A temporary table of this R-tree's envelopes (one per R-tree: a file may have several). */
    private final String scratch;
    private final PreparedStatement add;

    private record Cell(long id, float minX, float maxX, float minY, float maxY) {
    }

    GeoPackageRtreeLoader(Connection c, String rtree) throws SQLException {
        this.c = c;
        this.rtree = rtree;
        this.scratch = "\"trucewatch_load_" + rtree + "\"";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE " + scratch + " (id INTEGER PRIMARY KEY, minx REAL, maxx REAL, miny REAL, maxy REAL)");
        }
        this.add = c.prepareStatement("INSERT INTO " + scratch + " VALUES (?, ?, ?, ?, ?)");
    }

    void add(long id, double minX, double maxX, double minY, double maxY) throws SQLException {
        add.setLong(1, id);
        add.setDouble(2, minX);
        add.setDouble(3, maxX);
        add.setDouble(4, minY);
        add.setDouble(5, maxY);
        add.executeUpdate();
    }

    /** Writes the R-tree; its table must exist and be empty. */
    void load() throws SQLException {
        add.close();
        int nodeSize;
        long count;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT length(data) FROM \"" + rtree + "_node\" WHERE nodeno = 1")) {
                rs.next();
                nodeSize = rs.getInt(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + scratch)) {
                rs.next();
                count = rs.getLong(1);
            }
        }
        if (count > 0) {
            write(nodeSize, count);
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + scratch);
        }
    }

    private void write(int nodeSize, long count) throws SQLException {
        int perNode = (nodeSize - 4) / CELL;
        long leaves = (count + perNode - 1) / perNode;
        long slice = perNode * (long) Math.ceil(Math.sqrt(leaves));
        long[] next = {2};
        List<Cell> level = new ArrayList<>();
        try (PreparedStatement node = c.prepareStatement("INSERT OR REPLACE INTO \"" + rtree + "_node\" (nodeno, data) VALUES (?, ?)");
             PreparedStatement rowid = c.prepareStatement("INSERT INTO \"" + rtree + "_rowid\" (rowid, nodeno) VALUES (?, ?)");
             PreparedStatement parent = c.prepareStatement("INSERT INTO \"" + rtree + "_parent\" (nodeno, parentnode) VALUES (?, ?)");
             PreparedStatement leafOrder = c.prepareStatement("SELECT id, minx, maxx, miny, maxy FROM (SELECT *, "
                     + "(row_number() OVER (ORDER BY minx + maxx) - 1) / ? AS slice FROM " + scratch + ") "
                     + "ORDER BY slice, miny + maxy")) {
            boolean rootIsLeaf = count <= perNode;
            leafOrder.setLong(1, slice);
            List<Cell> cells = new ArrayList<>(perNode);
            try (ResultSet rs = leafOrder.executeQuery()) {
                while (rs.next()) {
                    cells.add(new Cell(rs.getLong(1), down(rs.getDouble(2)), up(rs.getDouble(3)), down(rs.getDouble(4)),
                            up(rs.getDouble(5))));
                    if (cells.size() == perNode) {
                        level.add(flush(node, rowid, null, cells, rootIsLeaf ? 1 : next[0]++, 0, nodeSize));
                        cells.clear();
                    }
                }
            }
            if (!cells.isEmpty()) {
                level.add(flush(node, rowid, null, cells, rootIsLeaf ? 1 : next[0]++, 0, nodeSize));
            }
            int depth = 0;
            while (level.size() > 1) {
                depth++;
                boolean root = level.size() <= perNode;
                List<Cell> up = new ArrayList<>();
                for (int i = 0; i < level.size(); i += perNode) {
                    List<Cell> children = level.subList(i, Math.min(level.size(), i + perNode));
                    up.add(flush(node, null, parent, children, root ? 1 : next[0]++, depth, nodeSize));
                }
                level = up;
            }
        }
    }

    /** Writes one node; returns the cell its parent holds for it. */
    private static Cell flush(PreparedStatement node, PreparedStatement rowid, PreparedStatement parent, List<Cell> cells,
                              long nodeno, int depth, int nodeSize) throws SQLException {
        ByteBuffer b = ByteBuffer.allocate(nodeSize).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) (nodeno == 1 ? depth : 0)).putShort((short) cells.size());
        float minX = Float.POSITIVE_INFINITY;
        float maxX = Float.NEGATIVE_INFINITY;
        float minY = Float.POSITIVE_INFINITY;
        float maxY = Float.NEGATIVE_INFINITY;
        for (Cell cell : cells) {
            b.putLong(cell.id()).putFloat(cell.minX()).putFloat(cell.maxX()).putFloat(cell.minY()).putFloat(cell.maxY());
            minX = Math.min(minX, cell.minX());
            maxX = Math.max(maxX, cell.maxX());
            minY = Math.min(minY, cell.minY());
            maxY = Math.max(maxY, cell.maxY());
            if (rowid != null) {
                rowid.setLong(1, cell.id());
                rowid.setLong(2, nodeno);
                rowid.executeUpdate();
            } else {
                parent.setLong(1, cell.id());
                parent.setLong(2, nodeno);
                parent.executeUpdate();
            }
        }
        node.setLong(1, nodeno);
        node.setBytes(2, b.array());
        node.executeUpdate();
        return new Cell(nodeno, minX, maxX, minY, maxY);
    }

    /** The largest float not above {@code v}: a minimum rounded outwards, as the rtree module does. */
    private static float down(double v) {
        float f = (float) v;
        return f > v ? Math.nextDown(f) : f;
    }

    private static float up(double v) {
        float f = (float) v;
        return f < v ? Math.nextUp(f) : f;
    }
}
