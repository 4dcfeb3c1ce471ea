import Foundation

/// Path arithmetic that does not trap: swift-corelibs-foundation's
/// `NSString.deletingLastPathComponent` traps (SIGILL) on a one-character name without a
/// slash, so a case file named `k` or `--out a` crashed every command that looks for a
/// file's folder. Use these instead of `NSString`'s.
public enum PathText {
    /// The folder part of `path`, as `NSString.deletingLastPathComponent` documents it: ""
    /// for a bare name, "/" for a name at the root; trailing slashes are ignored ("a/b/" is
    /// in "a") and repeated slashes are one ("a//b" is in "a").
    public static func folder(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        var head = p[..<slash]
        while head.hasSuffix("/") { head = head.dropLast() }
        return head.isEmpty ? "/" : String(head)
    }
}
