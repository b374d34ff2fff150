Feature: Failover with measured outages
  When one node of the pair goes away, its partner keeps the site served.
  A client on the node's first segment keeps using the pair the way the
  site's clients do: a stub resolver that knows both nodes, a time client
  that polls both, and a new DHCP client every second that retries on
  RFC 2131's schedule. Each outage is measured on those timelines and held
  to a bound derived from the site's Kea HA timers and the clients' own
  retry schedules. The report carries each timeline, as data and as a chart.

  Scenario Outline: while a client probes DNS, NTP and DHCP continuously, the <node> <action>
    Given a client on the <node>'s first segment probes DNS, NTP and DHCP continuously
    When the <node> <action>
    Then no DNS query went unanswered
    And every NTP poll got synchronised time, from the partner when the <node> served none
    And new DHCP clients went unserved no longer than the bound for this action
    And no DHCP client waited for its lease longer than the bound for this action
    And every lease granted while the <node> was away came from its partner

    Examples:
      | node    | action                            |
      | primary | reboots                           |
      | primary | crashes                           |
      | primary | powers off                        |
      | primary | is cut off from its first segment |
      | standby | reboots                           |
      | standby | crashes                           |
      | standby | powers off                        |
      | standby | is cut off from its first segment |
