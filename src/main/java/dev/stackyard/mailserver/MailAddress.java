package dev.stackyard.mailserver;

import jakarta.mail.Address;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mailbox as the API shows it ({@code {"Name": ..., "Address": ...}}, Mailpit's shape).
 *
 * @param name    the display name, decoded (RFC 2047), or "" when there is none
 * @param address the address as written, never null
 */
record MailAddress(String name, String address) {

    Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Name", name);
        out.put("Address", address);
        return out;
    }

    static List<Map<String, Object>> json(List<MailAddress> list) {
        return list.stream().map(MailAddress::json).toList();
    }

    /**
     * The mailboxes of a header value, leniently: a value that does not parse becomes one entry
     * holding it as written (a catcher shows what it got, it does not judge).
     */
    static List<MailAddress> parse(String header) {
        List<MailAddress> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        try {
            for (InternetAddress a : InternetAddress.parseHeader(header, false)) {
                out.add(of(a));
            }
        } catch (AddressException e) {
            out.add(new MailAddress("", header.strip()));
        }
        return out;
    }

    static List<MailAddress> of(Address[] addresses) {
        List<MailAddress> out = new ArrayList<>();
        if (addresses != null) {
            for (Address a : addresses) {
                out.add(a instanceof InternetAddress ia ? of(ia) : new MailAddress("", a.toString()));
            }
        }
        return out;
    }

    private static MailAddress of(InternetAddress a) {
        String personal = a.getPersonal();
        return new MailAddress(personal == null ? "" : personal, a.getAddress() == null ? "" : a.getAddress());
    }

    /** Matched case-insensitively against name and address. */
    boolean contains(String needle) {
        return name.toLowerCase(java.util.Locale.ROOT).contains(needle)
                || address.toLowerCase(java.util.Locale.ROOT).contains(needle);
    }
}
